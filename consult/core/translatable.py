"""Content that families read, stored as a language -> text map.

French is the reference: it is required, and it is shown wherever a language lacks a string.
"""

import re
import unicodedata

from markupsafe import Markup, escape
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


def translated_with_language(texts: dict | None, language: str | None = None) -> tuple[str, str]:
    """The text in ``language``, else in French, else in any language it has; and which."""
    if language is None:
        from consult.core.i18n import current_language

        language = current_language()
    if not texts:
        return "", language
    for candidate in (language, DEFAULT_LANGUAGE):
        text = texts.get(candidate)
        if text:
            return text, candidate
    return next(((text, code) for code, text in texts.items() if text), ("", language))


def translated(texts: dict | None, language: str | None = None) -> str:
    """The text in ``language``, else in French, else in any language it has."""
    return translated_with_language(texts, language)[0]


def localized(texts: dict | None) -> Markup:
    """The translated text for HTML; a fallback is marked with its own language, so a screen
    reader pronounces French as French inside an Arabic page."""
    from consult.core.i18n import current_language

    text, language = translated_with_language(texts)
    if language == current_language():
        return escape(text)
    return Markup('<span lang="{}" dir="auto">{}</span>').format(language, text)


# C0 and C1 controls (but tab and newline), zero-width space, Unicode line separators, and the
# direction embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can make a
# cell or a quote read as something else. The marks writers of Arabic and Persian use are kept:
# LRM and RLM (U+200E, U+200F), the Arabic letter mark (U+061C), ZWNJ and ZWJ (U+200C, U+200D).
CONTROL_CHARACTERS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def without_controls(text: str | None) -> str:
    """Typed text as typed, but Unicode-normalised, without control characters, trimmed:
    inner spaces and indentation stay (a choice's exact wording, a note's layout)."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return CONTROL_CHARACTERS.sub("", text).strip()


def clean_text(text: str | None) -> str:
    """Free text as people meant it: without controls, and one space between words."""
    lines = [" ".join(line.split()) for line in without_controls(text).split("\n")]
    return "\n".join(lines).strip()
