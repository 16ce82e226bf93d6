"""French puts a space before ? ! : ; and inside « »: a breaking one lets a phone's narrow
line end just before the "?" and start the next line with it alone. Every such space in
what French readers get is the no-break space U+00A0 (the question templates' choice)."""

import json
import re
from pathlib import Path

from consult.config import UI_LANGUAGES
from tests.consultation.helpers import channel, post_screen
from tests.core.test_i18n import _catalog

ROOT = Path(__file__).resolve().parents[2]
# Any white space but the no-break ones, before the high punctuation or after « / before ».
BREAKABLE_SPACE = re.compile(r"[^\S\u00a0\u202f]+[?!:;»]|«[^\S\u00a0\u202f]+")
OTHER_LANGUAGES = set(UI_LANGUAGES) - {"fr"}


def _breakable_spots(text: str) -> list[str]:
    return [match.group() for match in BREAKABLE_SPACE.finditer(text or "")]


def test_the_rule_catches_each_breakable_space_and_lets_the_right_ones_pass():
    assert _breakable_spots("Qui répond ?") == [" ?"]
    assert _breakable_spots("Axe %(number)s : %(title)s") == [" :"]
    assert _breakable_spots("« Vérifié »") == ["« ", " »"]
    assert _breakable_spots("Merci ! Oui ; non") == [" !", " ;"]
    assert _breakable_spots("Qui répond\u00a0?") == []
    assert _breakable_spots("«\u202fVérifié\u202f» à 10:30, https://example.org/?a=1") == []


def test_no_french_interface_string_breaks_before_its_punctuation():
    breakable = []
    for message in _catalog("fr"):
        if not message.id:
            continue
        strings = [message.string] if isinstance(message.string, str) else message.string
        breakable += [(message.id, text) for text in strings if _breakable_spots(text)]
    assert breakable == []


def _french_texts(node, path=()):
    """Each French string of a fixture with where it stands: the "fr" of a language map, and
    the strings that stand outside any language map (the fixtures' own texts are written in
    French)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _french_texts(value, (*path, key))
    elif isinstance(node, list):
        for value in node:
            yield from _french_texts(value, path)
    elif isinstance(node, str) and not OTHER_LANGUAGES & set(path):
        yield path, node


def _quoted_from_the_diagnostic(fixture: Path, path: tuple) -> bool:
    """The diagnostic's own orientation and action titles are quoted byte for byte
    (tests/diagnostic/test_demo_family_wording.py); families read their plain wordings."""
    return (
        fixture.name == "demo_territory.json"
        and path[:1] == ("orientations",)
        and (path[1:2] in (("title",), ("actions",)))
    )


def test_the_french_that_families_and_the_demo_read_keeps_its_no_break_spaces():
    fixtures = sorted(ROOT.glob("consult/*/fixtures/*.json"))
    assert len(fixtures) >= 4
    texts = [
        (fixture.name, text)
        for fixture in fixtures
        for path, text in _french_texts(json.loads(fixture.read_text(encoding="utf-8")))
        if not _quoted_from_the_diagnostic(fixture, path)
    ]
    assert len(texts) > 200
    assert [(name, text) for name, text in texts if _breakable_spots(text)] == []


def _template_text(line: str) -> str:
    """What a template line writes itself: its tags and Jinja expressions taken out (an
    expression stands as a word), its indentation left aside."""
    line = re.sub(r"\{#.*?#\}", "", line)
    line = re.sub(r"\{\{.*?\}\}|\{%.*?%\}", "x", line)
    return re.sub(r"<[^>]*>", "", line).strip()


def test_the_templates_own_punctuation_keeps_its_no_break_spaces():
    # The report and the coding page join their figures and quotes with French punctuation.
    breakable = [
        f"{template.relative_to(ROOT)}:{number}"
        for template in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1)
        if _breakable_spots(_template_text(line))
    ]
    assert breakable == []


def test_the_public_form_keeps_each_question_mark_with_its_word(
    client, demo_territory, app_context
):
    gate = channel()
    post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    screen = client.get(f"/r/{gate.token}/2").get_data(as_text=True)
    assert "<h1>Est-ce important pour vous\u00a0?</h1>" in screen
    assert "Est-ce important pour vous ?" not in screen
    first = client.get(f"/q/{gate.token}").get_data(as_text=True)
    assert "Qui répond\u00a0?" in first
