"""Default wordings: the templates are per audience and language (fixtures/default_questions.json),
the subjects are the territory's own orientations and actions, in the words written for
that audience (consult/diagnostic/wording.py). Nothing here names a territory."""

import json
from functools import cache
from pathlib import Path

from consult.consultation.vocabulary import Purpose
from consult.core.translatable import translated
from consult.diagnostic.wording import family_meaning, family_title

DEFAULT_QUESTIONS = Path(__file__).parent / "fixtures" / "default_questions.json"
SUBJECT = "{subject}"


@cache
def default_templates() -> dict:
    return json.loads(DEFAULT_QUESTIONS.read_text(encoding="utf-8"))


def with_subject(template: dict, subject: dict) -> dict:
    """The template in each of its languages, the subject in the same language (else French)."""
    return {
        language: text.replace(SUBJECT, translated(subject, language))
        for language, text in template.items()
    }


def default_label(question) -> dict:
    """The wording of a question whose prompt was left empty."""
    orientation = question.orientation
    if orientation is None:
        return {}
    subject = family_title(orientation, question.audience)
    if question.purpose == Purpose.PRIORITY:
        return subject
    spec = default_templates().get(question.audience, {}).get(question.purpose)
    if not spec or "prompt" not in spec:
        return subject
    return with_subject(spec["prompt"], subject)


def hint_texts(question) -> dict:
    """The one line under a priority question: what the orientation means for the audience."""
    if question.purpose == Purpose.PRIORITY and question.orientation is not None:
        return family_meaning(question.orientation, question.audience)
    return {}


def action_label(action, audience: str) -> dict:
    return family_title(action, audience)


def action_hint(action, audience: str) -> dict:
    return family_meaning(action, audience)
