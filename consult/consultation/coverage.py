"""How much of a consultation each language covers, so gaps are seen before families do."""

from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

from consult.config import DEFAULT_LANGUAGE
from consult.consultation.models import Consultation

TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"


def _content_texts(consultation: Consultation) -> list[dict]:
    """Every piece of content a respondent of this consultation may read."""
    texts = [consultation.title, consultation.intro, consultation.restitution]
    for question in consultation.questions:
        if question.is_active:
            texts.append(question.prompt)
    for orientation in consultation.orientations:
        texts.append(orientation.family_title or orientation.title)
        texts.extend(action.title for action in orientation.actions if action.is_live)
    return [text for text in texts if text and text.get(DEFAULT_LANGUAGE)]


@cache
def interface_coverage(language: str) -> tuple[int, int]:
    """(translated, total) interface strings for a language, read from its catalogue."""
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        ids = {message.id for message in read_po(handle) if message.id}
    if language == "en":
        return len(ids), len(ids)
    path = TRANSLATIONS / language / "LC_MESSAGES" / "messages.po"
    if not path.exists():
        return 0, len(ids)
    with open(path, "rb") as handle:
        done = {m.id for m in read_po(handle) if m.id in ids and m.string and not m.fuzzy}
    return len(done), len(ids)


def language_coverage(consultation: Consultation, languages) -> list[dict]:
    texts = _content_texts(consultation)
    rows = []
    for language in languages:
        translated = sum(1 for text in texts if text.get(language))
        ui_done, ui_total = interface_coverage(language)
        rows.append(
            {
                "language": language,
                "enabled": language in consultation.languages,
                "content_done": translated,
                "content_total": len(texts),
                "ui_done": ui_done,
                "ui_total": ui_total,
            }
        )
    return rows
