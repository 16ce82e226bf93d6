"""Plain words in what families read in French: none of the professionals' jargon.

The rules are in docs/translations.md ("Plain words"). Each source of family-facing French is
one function returning its texts, so another source (an orientation's family wording, an
action's family title) is checked by adding a function and a test.
"""

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.core.test_i18n import TRANSLATIONS, public_messages

FIXTURES = Path(__file__).resolve().parents[2] / "consult" / "consultation" / "fixtures"

# Words of the steering committee's report, not of a parent at the school gate. A word also
# matches its plural and derived forms ("orientations", "dispositifs", "médiatrice" does not).
BANNED = (
    "comité de pilotage",
    "pilotage",
    "orientation",
    "dispositif",
    "médiation",
    "diagnostic",
    "coéducation",
    "co-éducation",
    "parentalité",
    "persévérance",
    "déscolarisation",
    "décrochage",
    "gouvernance",
    "consultation",
    "thématique",
    "restitution",
    "levier",
    "public cible",
    "acteurs",
    "partenarial",
    "SWOT",
)
BANNED_PATTERN = re.compile(
    "|".join(rf"(?<!\w){re.escape(word)}\w*" for word in BANNED), re.IGNORECASE
)
# Children and young people are told "tu": no "vous" in what is written for them.
FORMAL_FRENCH = re.compile(r"(?<!\w)(vous|vos|votre|veuillez)(?!\w)", re.IGNORECASE)


def jargon_in(text: str) -> list[str]:
    return BANNED_PATTERN.findall(text)


def _french_catalogue():
    with open(TRANSLATIONS / "fr" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale="fr")


def french_interface_strings() -> dict[tuple, str]:
    """(context, message id) -> the French families read, from every public template and
    module (the list in tests/core/test_i18n.py)."""
    catalogue = _french_catalogue()
    texts = {}
    for context, message_id in public_messages():
        message = catalogue.get(message_id, context=context)
        assert message is not None and message.string, (context, message_id)
        string = message.string if isinstance(message.string, str) else message.string[0]
        texts[(context, message_id)] = string
    return texts


def _french_in(node):
    if isinstance(node, dict):
        if isinstance(node.get("fr"), str):
            yield node["fr"]
        for value in node.values():
            yield from _french_in(value)
    elif isinstance(node, list):
        for value in node:
            yield from _french_in(value)


def french_question_templates() -> list[str]:
    questions = json.loads((FIXTURES / "default_questions.json").read_text(encoding="utf-8"))
    return list(_french_in({k: v for k, v in questions.items() if not k.startswith("_")}))


def french_demo_consultation() -> list[str]:
    demo = json.loads((FIXTURES / "demo_consultation.json").read_text(encoding="utf-8"))
    return [demo[key]["fr"] for key in ("title", "intro", "restitution")]


def test_the_check_finds_jargon_and_lets_everyday_words_through():
    assert jargon_in("Le comité de pilotage lira vos réponses.") == ["comité de pilotage"]
    assert jargon_in("Les dispositifs et les Orientations") == ["dispositifs", "Orientations"]
    assert jargon_in("via la médiation scolaire") == ["médiation"]
    assert jargon_in("Qu’est-ce qui vous aiderait ? Une idée pour l’école.") == []


def test_the_interface_families_read_has_no_jargon():
    texts = french_interface_strings()
    assert len(texts) > 100
    found = {key: jargon_in(text) for key, text in texts.items() if jargon_in(text)}
    assert found == {}


def test_children_and_young_people_are_told_tu_in_the_interface():
    texts = french_interface_strings()
    informal = {key: text for key, text in texts.items() if key[0] in ("informal", "young")}
    assert len(informal) >= 10
    assert {key: text for key, text in informal.items() if FORMAL_FRENCH.search(text)} == {}


def test_the_childrens_privacy_notice_says_tu():
    from babel.messages.extract import extract_from_file

    catalogue = _french_catalogue()
    path = TRANSLATIONS.parent / "templates" / "core" / "privacy_children.html"
    strings = [
        catalogue.get(message).string
        for _line, message, _comments, _context in extract_from_file("jinja2", str(path))
    ]
    assert len(strings) >= 6
    assert [text for text in strings if FORMAL_FRENCH.search(text)] == []


@pytest.mark.parametrize(
    "source", [french_question_templates, french_demo_consultation], ids=lambda f: f.__name__
)
def test_the_questions_and_the_demo_consultation_have_no_jargon(source):
    texts = source()
    assert texts
    assert {text: jargon_in(text) for text in texts if jargon_in(text)} == {}
