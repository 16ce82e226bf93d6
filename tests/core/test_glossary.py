"""The glossary in docs/translations.md is the rule: each catalogue says the domain's words the
way the glossary does, wherever the English says them."""

import re
from pathlib import Path

from babel.messages.pofile import read_po

from consult.config import UI_LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_PAGE = ROOT / "docs" / "translations.md"
CELL_SPLIT = re.compile(r"(?<!\\)\|")
PATTERN = re.compile(r"`([^`]+)`")
# Every public language but English, whose catalogue is the message ids.
PUBLIC_TRANSLATIONS = [code for code in UI_LANGUAGES if code != "en"]


def _cells(row: str) -> list[str]:
    return [cell.strip().replace("\\|", "|") for cell in CELL_SPLIT.split(row.strip())[1:-1]]


def glossary() -> list[dict]:
    """Rows of the glossary table: term, English pattern, and a pattern per language."""
    text = GLOSSARY_PAGE.read_text(encoding="utf-8")
    section = text.split("\n## Glossary\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = _cells(rows[0])
    languages = header[2:]
    entries = []
    for row in rows[2:]:
        cells = _cells(row)
        english = PATTERN.findall(cells[1])
        checked = {}
        for language, cell in zip(languages, cells[2:], strict=True):
            patterns = PATTERN.findall(cell)
            if patterns:
                checked[language] = re.compile(patterns[-1], re.IGNORECASE)
        entries.append({"term": cells[0], "english": re.compile(english[0]), "languages": checked})
    return entries


def _catalog(language):
    path = ROOT / "translations" / language / "LC_MESSAGES" / "messages.po"
    with open(path, "rb") as handle:
        return list(read_po(handle, locale=language))


def test_the_glossary_covers_the_domain_words_in_every_public_language():
    entries = glossary()
    terms = " ".join(entry["term"] for entry in entries)
    for word in ("Cité éducative", "steering committee", "orientation", "action", "parents"):
        assert word in terms
    for word in ("children", "young people", "ages", "facilitator"):
        assert word in terms
    checked_everywhere = [
        entry for entry in entries if set(PUBLIC_TRANSLATIONS) <= entry["languages"].keys()
    ]
    assert len(checked_everywhere) >= 7


def test_catalogues_follow_the_glossary():
    entries = glossary()
    departures = []
    for language in PUBLIC_TRANSLATIONS:
        for message in _catalog(language):
            if not message.id or not message.string:
                continue
            sources = message.id if isinstance(message.id, tuple) else (message.id,)
            targets = message.string if isinstance(message.string, tuple) else (message.string,)
            for entry in entries:
                wanted = entry["languages"].get(language)
                if wanted is None or not any(entry["english"].search(s) for s in sources):
                    continue
                # Every filled form says it (a plural's forms each stand alone).
                for target in targets:
                    if target and not wanted.search(target):
                        departures.append((language, entry["term"], sources[0], target))
    assert departures == []


def test_a_departure_from_the_glossary_is_caught():
    entry = next(e for e in glossary() if e["term"].startswith("facilitator"))
    assert entry["english"].search("Give this sheet back to the facilitator.")
    assert not entry["languages"]["fr"].search("Rendez cette feuille à l’intervenant.")
