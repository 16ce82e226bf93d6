"""Content that families read, stored as a language -> text map.

French is the reference: it is required, and it is shown wherever a language lacks a string.
"""

import re
import unicodedata

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


CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u2028\u2029]")


def clean_text(text: str | None) -> str:
    """Free text as people meant it: Unicode-normalised, no control characters, trimmed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = CONTROL_CHARACTERS.sub("", text)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).strip()
