"""Content that families read, stored as a language -> text map.

French is the reference: it is required, and it is shown wherever a language lacks a string.
"""

from sqlalchemy import JSON
from sqlalchemy.ext.mutable import MutableDict

from consult.config import DEFAULT_LANGUAGE

TranslatedText = MutableDict.as_mutable(JSON)


def clean_translations(texts: dict | None) -> dict:
    """Keep only non-blank strings, stripped, so a blank never hides the French fallback."""
    cleaned = {}
    for language, text in (texts or {}).items():
        if isinstance(text, str) and text.strip():
            cleaned[language] = text.strip()
    return cleaned


def translated(texts: dict | None, language: str | None = None) -> str:
    """The text in ``language``, else in French, else in any language it has."""
    if not texts:
        return ""
    if language is None:
        from consult.core.i18n import current_language

        language = current_language()
    for candidate in (language, DEFAULT_LANGUAGE):
        text = texts.get(candidate)
        if text:
            return text
    return next((text for text in texts.values() if text), "")
