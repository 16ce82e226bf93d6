"""Languages the app knows, named in their own script."""

from consult.config import DEFAULT_LANGUAGE, RTL_LANGUAGES, UI_LANGUAGES

# A language is always offered under its own name, so a reader finds it without French.
NATIVE_NAMES = {
    "fr": "Français",
    "ar": "العربية",
    "en": "English",
    "tr": "Türkçe",
    "pt": "Português",
    "es": "Español",
    "ro": "Română",
    "uk": "Українська",
}

CONTENT_LANGUAGES = UI_LANGUAGES


def native_name(code: str) -> str:
    return NATIVE_NAMES.get(code, code)


def text_direction(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def is_supported(code: str | None) -> bool:
    return code in UI_LANGUAGES


__all__ = ["CONTENT_LANGUAGES", "DEFAULT_LANGUAGE", "native_name", "text_direction"]
