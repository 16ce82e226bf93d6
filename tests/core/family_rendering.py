"""Reading a rendered page, sheet or JSON definition as the text a family sees, each text
with the language its markup claims for it."""

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from consult.core.languages import code_of_html_lang

VOID_ELEMENTS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
SHOWN_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
# Kiosk words reach kiosk.js as data-* attributes; these carry addresses and ids instead.
DATA_ATTRIBUTES_NOT_WORDS = {
    "data-session",
    "data-language",
    "data-precache",
    "data-sw-scope",
    "data-definition-url",
    "data-sync-url",
    "data-sw-url",
    "data-exit-url",
    "data-action",
}
# Definition keys whose values a family reads; the rest are ids and codes.
JSON_WORDS = {"label", "hint", "title", "reassure"}
HAS_LETTER = re.compile(r"[^\W\d_]")


def normalise(text: str) -> str:
    return " ".join(text.split())


@dataclass
class Rendering:
    surface: str
    variant: str
    language: str
    # (language claimed by the markup, text)
    texts: list[tuple[str, str]] = field(default_factory=list)

    def where(self) -> str:
        return f"{self.surface} [{self.variant}] in {self.language}"


class _TextsByLanguage(HTMLParser):
    def __init__(self, default_language: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []
        self.default_language = default_language
        self.texts: list[tuple[str, str]] = []
        self.skipping = 0

    def _language(self) -> str:
        for _tag, language in reversed(self.stack):
            if language:
                return language
        return self.default_language

    def _keep(self, language, text):
        text = normalise(text)
        if text and HAS_LETTER.search(text):
            self.texts.append((language, text))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = attributes.get("lang")
        if language:
            language = code_of_html_lang(language)
        here = language or self._language()
        for name, value in attrs:
            if value is None:
                continue
            if name in SHOWN_ATTRIBUTES or (
                name.startswith("data-") and name not in DATA_ATTRIBUTES_NOT_WORDS
            ):
                self._keep(here, value)
        if tag in ("script", "style"):
            self.skipping += 1
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, language))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping = max(0, self.skipping - 1)
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping:
            self._keep(self._language(), data)


def texts_of_html(html: str, default_language: str = "fr") -> list[tuple[str, str]]:
    parser = _TextsByLanguage(default_language)
    parser.feed(html)
    parser.close()
    return parser.texts


def texts_of_json(document: dict) -> list[tuple[str, str]]:
    language = document["language"]
    texts = []

    def walk(value, key=None):
        if isinstance(value, dict):
            for child_key, child in value.items():
                walk(child, child_key)
        elif isinstance(value, list):
            for child in value:
                walk(child, key)
        elif isinstance(value, str) and key in JSON_WORDS:
            text = normalise(value)
            if HAS_LETTER.search(text):
                texts.append((language, text))

    walk(document)
    return texts


def texts_of_response(response) -> list[tuple[str, str]]:
    if response.mimetype == "application/json":
        return texts_of_json(json.loads(response.get_data(as_text=True)))
    return texts_of_html(response.get_data(as_text=True))


def message_pattern(message_id: str) -> re.Pattern:
    """A message id as rendered: its placeholders filled with anything."""
    parts = re.split(r"%\(\w+\)[sd]", message_id.replace("%%", "%"))
    return re.compile(".+?".join(re.escape(normalise(part)) for part in parts))
