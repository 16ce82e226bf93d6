"""Every field of the respondent's path, fuzzed: never a 500; a refused value gets a 4xx or
the form again with a message; whatever is stored is clean and within bounds."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from consult.consultation.models import Answer, Draft, Question
from consult.consultation.operations import MAX_TEXT_LENGTH, add_profile_question
from consult.consultation.vocabulary import PRIORITY_SCALE, Purpose
from consult.extensions import db
from tests.conftest import csrf_token_from
from tests.consultation.helpers import channel

# A failing example with a huge string would otherwise be reported as this warning instead.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")
FUZZ = settings(
    max_examples=60,
    deadline=None,
    # One demo territory and one client serve every example of a test.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
KINDS = ["parent", "child", "young_11_15", "young_16_25"]
SCHOOLS = ["École Jean Jaurès", "Collège Pablo Neruda"]
# Control characters other than newline and tab, and direction overrides: never stored.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

mixed_scripts = st.text(
    alphabet=st.sampled_from(list("abcXYZ مرحبا Привіт ĞüŞ 😀👨‍👩‍👧 \u200e\u200f\n\t")),
    max_size=60,
)
controls = st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Zl", "Zp"]))
huge = st.builds(
    lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.integers(200, 20_000)
)
numbers = st.one_of(st.integers(), st.integers(-5, 2**40)).map(str)
# Any text the test client can send (lone surrogates are sent as raw bytes below).
text = st.one_of(st.text(), mixed_scripts, controls, huge, numbers, st.just(""), st.just("\x00"))
# Where one value is expected, a browser may be made to send several.
value = st.one_of(text, st.lists(text, min_size=2, max_size=4))


def _choice_or(garbage, valid):
    return st.one_of(st.sampled_from(valid), st.lists(st.sampled_from(valid), max_size=4), garbage)


@pytest.fixture
def respondent(app, demo_territory, monkeypatch):
    """A client on the demo's school-gate channel, its CSRF token, and a profile question."""
    # The minimum fill time is tested elsewhere; here every send may go through.
    monkeypatch.setitem(app.config, "MINIMUM_FILL_SECONDS", 0)
    consultation = channel().consultation
    # Every action question fits in one path, so each is on its screen for the fuzzing.
    consultation.time_budget_seconds = 1200
    add_profile_question(consultation, "parent", {"fr": "Votre école ?"}, SCHOOLS)
    db.session.commit()
    client = app.test_client()
    token = channel().token
    csrf = csrf_token_from(client.get(f"/r/{token}/").get_data(as_text=True))
    return client, token, csrf


def assert_answered(response, honeypot=""):
    """A redirection, the form again (4xx) saying what is wrong, or "too large". A script that
    filled the hidden honeypot gets no explanation."""
    assert response.status_code < 500
    if response.status_code != 302 and not honeypot:
        assert 400 <= response.status_code < 500, response.status_code
        html = response.get_data(as_text=True)
        if response.status_code == 413:
            assert "Votre envoi est trop lourd." in html
        else:
            assert "field-errors" in html or "flash--error" in html or "flash--info" in html, (
                response.status_code
            )


def assert_clean_text(text, where):
    assert isinstance(text, str), where
    assert CONTROL.search(text) is None, (where, text[:80])
    assert 0 < len(text) <= MAX_TEXT_LENGTH, where


def assert_stored_values_are_clean():
    questions = {q.id: q for q in db.session.scalars(select(Question))}
    for draft in db.session.scalars(select(Draft)):
        assert draft.respondent_kind in (None, *KINDS)
        for question_id, stored in (draft.answers or {}).items():
            check_value(questions[int(question_id)], stored, "draft")
    for answer in db.session.scalars(select(Answer)):
        question = questions[answer.question_id]
        if question.purpose == Purpose.PRIORITY:
            assert answer.priority in PRIORITY_SCALE
        elif question.purpose == Purpose.ACTION_CHOICE:
            assert answer.action_id in {a.id for a in question.orientation.actions}
        else:
            check_value(question, answer.text, "answer")


def check_value(question, stored, where):
    if stored is None:
        return
    if question.purpose == Purpose.PRIORITY:
        assert stored in PRIORITY_SCALE, (where, stored)
    elif question.purpose == Purpose.ACTION_CHOICE:
        assert isinstance(stored, list) and len(stored) <= question.max_choices, (where, stored)
        assert set(stored) <= {a.id for a in question.orientation.actions}, (where, stored)
    elif question.purpose == Purpose.SWOT:
        assert_clean_text(stored, where)
    else:
        assert stored in question.options, (where, stored)


@FUZZ
@given(
    kind=_choice_or(value, KINDS),
    website=st.one_of(st.just(""), value),
    submission=value,
    csrf=st.one_of(st.none(), value),
)
def test_the_who_screen_takes_only_a_known_kind(respondent, kind, website, submission, csrf):
    client, token, valid_csrf = respondent
    data = {"csrf_token": csrf or valid_csrf, "respondent_kind": kind, "website": website}
    response = client.post(f"/r/{token}/", data=data | {"submission": submission})
    assert_answered(response, website)
    assert_stored_values_are_clean()


def _parent_questions() -> list[Question]:
    return db.session.scalars(
        select(Question).filter_by(audience="parent", is_active=True).order_by(Question.id)
    ).all()


def _field_values(question):
    if question.purpose == Purpose.PRIORITY:
        return _choice_or(value, [str(v) for v in PRIORITY_SCALE])
    if question.purpose == Purpose.ACTION_CHOICE:
        actions = [str(a.id) for a in question.orientation.actions]
        # Too many real actions is as likely as ids that do not exist.
        return st.one_of(
            st.lists(st.sampled_from(actions), min_size=1, max_size=len(actions), unique=True),
            _choice_or(value, [*actions, "0", "-1", "2147483648"]),
        )
    if question.purpose == Purpose.PROFILE:
        return _choice_or(value, question.options)
    return text


@FUZZ
@given(data=st.data())
def test_every_answer_field_stores_only_clean_values(respondent, data):
    client, token, csrf = respondent
    start = client.post(f"/r/{token}/", data={"csrf_token": csrf, "respondent_kind": "parent"})
    assert start.status_code == 302
    questions = _parent_questions()
    screen = data.draw(st.sampled_from(sorted({q.screen for q in questions})), label="screen")
    form = {
        f"q{question.id}": data.draw(_field_values(question), label=f"q{question.id}")
        for question in questions
        if question.screen == screen or data.draw(st.booleans(), label="off-screen field")
    }
    # The token and the honeypot are fuzzed on the first screen; here they let answers through.
    form |= {
        "csrf_token": csrf,
        "go": data.draw(st.one_of(st.just("next"), st.just("back"), value), label="go"),
    }
    response = client.post(f"/r/{token}/{screen}", data=form)
    assert_answered(response)
    assert_stored_values_are_clean()


@pytest.mark.parametrize(
    "raw",
    [b"%ED%A0%80", b"%ED%BF%BF", b"%FF%FE", b"%C0%AF", b"\xed\xa0\x80", b"%00"],
    ids=["high surrogate", "low surrogate", "not UTF-8", "overlong", "raw surrogate", "NUL"],
)
def test_lone_surrogates_and_broken_utf8_are_cleaned_or_refused(respondent, raw):
    client, token, csrf = respondent
    client.post(f"/r/{token}/", data={"csrf_token": csrf, "respondent_kind": "parent"})
    for question in _parent_questions():
        body = b"csrf_token=" + csrf.encode() + b"&q%d=" % question.id + raw + b"&go=back"
        response = client.post(
            f"/r/{token}/{question.screen}",
            data=body,
            content_type="application/x-www-form-urlencoded",
        )
        assert_answered(response)
        assert_stored_values_are_clean()


def test_every_control_character_is_removed_from_stored_words(respondent):
    client, token, csrf = respondent
    every_control = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])
    client.post(f"/r/{token}/", data={"csrf_token": csrf, "respondent_kind": "parent"})
    (question, *_) = [q for q in _parent_questions() if q.purpose == Purpose.SWOT]
    words = f"Une{every_control}école"
    response = client.post(
        f"/r/{token}/{question.screen}",
        data={"csrf_token": csrf, f"q{question.id}": words, "go": "next"},
    )
    assert response.status_code == 302
    assert_stored_values_are_clean()
    (stored,) = db.session.scalars(select(Answer.text).filter_by(question_id=question.id))
    assert stored.replace(" ", "").replace("\n", "") == "Uneécole"


def test_more_actions_than_allowed_are_refused(respondent):
    """The boundary the fuzzing rarely reaches: every real action ticked at once."""
    client, token, csrf = respondent
    client.post(f"/r/{token}/", data={"csrf_token": csrf, "respondent_kind": "parent"})
    (question, *_) = [q for q in _parent_questions() if q.purpose == Purpose.ACTION_CHOICE]
    every_action = [str(action.id) for action in question.orientation.actions]
    assert len(every_action) > question.max_choices
    response = client.post(
        f"/r/{token}/{question.screen}",
        data={"csrf_token": csrf, f"q{question.id}": every_action, "go": "next"},
    )
    # Refused with a redirect to the same screen, which says why beside the ideas.
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/r/{token}/{question.screen}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "field-errors" in page and "2 au plus" in page
    assert_stored_values_are_clean()
