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
    "zh": "简体中文",
    "fa_AF": "دری",
}

# The app's codes are gettext's (a catalogue directory, a Babel locale); markup needs BCP 47.
# "zh-Hans" makes browsers and WeasyPrint pick simplified glyphs, not Japanese or traditional
# ones; "fa_AF" with an underscore is no valid lang attribute.
HTML_LANGUAGE_TAGS = {"zh": "zh-Hans", "fa_AF": "fa-AF"}
# Phones that ask for Dari by its own ISO 639-3 code, which Babel does not know.
ACCEPT_LANGUAGE_ALIASES = {"prs": "fa_AF"}

CONTENT_LANGUAGES = UI_LANGUAGES


def native_name(code: str) -> str:
    return NATIVE_NAMES.get(code, code)


def text_direction(code: str) -> str:
    return "rtl" if code in RTL_LANGUAGES else "ltr"


def html_lang(code: str) -> str:
    return HTML_LANGUAGE_TAGS.get(code, code)


def code_of_html_lang(tag: str) -> str:
    """The app's code for a lang attribute this app wrote."""
    return next((code for code, html in HTML_LANGUAGE_TAGS.items() if html == tag), tag)


def is_supported(code: str | None) -> bool:
    return code in UI_LANGUAGES


__all__ = [
    "CONTENT_LANGUAGES",
    "DEFAULT_LANGUAGE",
    "code_of_html_lang",
    "html_lang",
    "native_name",
    "text_direction",
]
