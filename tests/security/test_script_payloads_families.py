"""Script payloads in families' words, from the public form (and the kiosk) to every page,
report, export and the public summary that shows them."""

import csv
import io
import json
import uuid
from datetime import date

import openpyxl
import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Channel, Consultation, Question
from consult.consultation.vocabulary import Status
from consult.core.translatable import clean_text
from consult.diagnostic.models import Axis, Orientation, Territory
from consult.extensions import db
from consult.governance import queries as governance_queries
from tests.conftest import submit
from tests.consultation.helpers import channel, post_screen
from tests.outreach.helpers import make_session
from tests.review.test_review import _parent_answers
from tests.security.markup import PAYLOADS, SPREADSHEET_PAYLOADS, assert_inert
from tests.security.pages import every_page
from tests.test_route_matrix import sample_ids

QUADRANTS = ["strength", "weakness", "opportunity", "threat"]
DANGEROUS_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
REVIEW = "/admin/demo/review"


def _families_answer_with_payloads(client) -> list[Answer]:
    """Parents type the payloads into the four text boxes, in Arabic so that a French meaning
    is asked for too."""
    client.get(f"/r/{channel().token}/?lang=ar")
    for start in range(0, len(PAYLOADS), len(QUADRANTS)):
        texts = dict(zip(QUADRANTS, PAYLOADS[start : start + len(QUADRANTS)], strict=False))
        _parent_answers(client, texts)
    answers = db.session.scalars(select(Answer).where(Answer.text.is_not(None))).all()
    assert sorted(answer.text for answer in answers) == sorted(clean_text(p) for p in PAYLOADS)
    return answers


def _kiosk_record_with_payloads(client, territory):
    session = make_session(territory)
    questions = db.session.scalars(
        select(Question).filter_by(audience="parent", purpose="swot").order_by(Question.id)
    ).all()
    record = {
        "uuid": str(uuid.uuid4()),
        "session": session.id,
        "kind": "parent",
        "language": "fr",
        "mode": "self",
        "answers": {str(q.id): PAYLOADS[i] for i, q in enumerate(questions)},
        "captured_on": date.today().isoformat(),
    }
    response = client.post(
        "/admin/demo/outreach/kiosk/sync",
        data=json.dumps(record),
        content_type="application/json",
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 200, response.get_data(as_text=True)


def _coordinator_works_on(client, answers):
    """Approve everything, give each a French meaning, code one, make a SWOT item and adopt an
    action from it: every review input carries a payload too."""
    response = submit(
        client,
        f"{REVIEW}/bulk",
        {"answer_ids": [str(a.id) for a in answers], "decision": "approve"},
        page_url=f"{REVIEW}/",
    )
    assert response.status_code == 302
    axis = db.session.scalars(select(Axis).order_by(Axis.number)).first()
    orientation = db.session.scalars(select(Orientation).order_by(Orientation.id)).first()
    for number, answer in enumerate(answers):
        page = f"{REVIEW}/answers/{answer.id}"
        meaning = PAYLOADS[-1 - number % len(PAYLOADS)]
        steps = [{"action": "translate", "french_text": meaning}]
        if answer.text in SPREADSHEET_PAYLOADS or number < 2:
            steps += [
                {"action": "code", "quadrant": answer.quadrant, "axis_id": str(axis.id)},
                {"action": "new_item", "statement": answer.text},
            ]
        if number < 3:
            steps.append(
                {
                    "action": "adopt",
                    "adopt_orientation_id": str(orientation.id),
                    "adopt_title": meaning,
                }
            )
        for data in steps:
            response = submit(client, page, data)
            assert response.status_code == 302, (data, response.get_data(as_text=True))
    # The steering committee retains the adopted ideas, its reasons carrying payloads too.
    territory = db.session.scalar(select(Territory).filter_by(slug="demo"))
    [meeting] = governance_queries.decision_meetings(territory)
    for number, action in enumerate(governance_queries.proposed_actions(territory)):
        response = submit(
            client,
            f"/admin/demo/governance/meetings/{meeting.id}",
            {
                "decide": "proposal",
                "proposal-action_id": str(action.id),
                "proposal-kind": "proposal_retained",
                "proposal-merged_into_id": "0",
                "proposal-reason__fr": PAYLOADS[number % len(PAYLOADS)],
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)


def _publish():
    for consultation in db.session.scalars(select(Consultation)):
        consultation.status = Status.PUBLISHED
    db.session.commit()


def assert_neutralised(cells, where):
    cells = [cell for cell in cells if isinstance(cell, str)]
    assert [c for c in cells if c.startswith(DANGEROUS_FIRST_CHARACTERS)] == [], where
    # The payloads are there, made harmless.
    for payload in SPREADSHEET_PAYLOADS:
        assert "'" + payload in cells, (where, payload)


def _check_exports(client):
    for table in ("answers", "swot_items"):
        response = client.get(f"{REVIEW}/exports/{table}.csv")
        assert response.mimetype == "text/csv"
        rows = csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")))
        assert_neutralised([cell for row in rows for cell in row], table)

    response = client.get(f"{REVIEW}/exports/all.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    # Written as strings, a cell can never become a formula: the words stay as typed, with no
    # guard character for a reader to stumble on.
    values = {cell.value for cell in cells if cell.data_type == "s"}
    for payload in SPREADSHEET_PAYLOADS:
        assert clean_text(payload) in values, payload

    response = client.get(f"{REVIEW}/exports/all.json")
    assert response.mimetype == "application/json"
    # JSON is data, not a spreadsheet: the words arrive as they were typed.
    texts = {answer["text"] for answer in response.json["answers"]}
    assert {clean_text(p) for p in PAYLOADS} <= texts


@pytest.fixture
def families_payloads(app, client, make_user, demo_territory):
    answers = _families_answer_with_payloads(client)
    coordinator = app.test_client()
    from tests.conftest import login

    login(coordinator, make_user(role=Role.COORDINATOR, territories=[demo_territory]))
    _kiosk_record_with_payloads(coordinator, demo_territory)
    answers = db.session.scalars(select(Answer).where(Answer.text.is_not(None))).all()
    _coordinator_works_on(coordinator, answers)
    return coordinator, answers


def test_families_words_are_shown_as_text_everywhere(
    app, client, families_payloads, make_user, demo_territory
):
    coordinator, answers = families_payloads
    ids = sample_ids(make_user, demo_territory)
    shown = 0
    for url, response in every_page(app, coordinator, ids):
        assert response.status_code < 500, url
        assert_inert(response, url)
        shown += response.mimetype == "text/html" and "xss" in response.get_data(as_text=True)
    for answer in answers:
        response = coordinator.get(f"{REVIEW}/answers/{answer.id}")
        assert "xss" in response.get_data(as_text=True)
        assert_inert(response, answer.text)
    # The queue, boards, results and the report all showed some.
    assert shown >= 5
    report = coordinator.get(f"{REVIEW}/report/{ids['consultations']}")
    assert "xss" in report.get_data(as_text=True)
    assert_inert(report, "report")
    _check_exports(coordinator)

    _publish()
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    summary = client.get(f"/s/{gate.token}")
    assert summary.status_code == 200
    # The adopted actions carry payloads as titles.
    assert "xss" in summary.get_data(as_text=True)
    assert_inert(summary, "public summary")
    for lang in ("fr", "ar"):
        assert_inert(client.get(f"/s/{gate.token}?lang={lang}"), lang)


def test_a_draft_with_payloads_is_shown_back_as_text(client, demo_territory, app_context):
    """Going back to a screen shows what was typed, inside the text boxes, still inert."""
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    text_boxes = db.session.scalars(
        select(Question).filter_by(audience="parent", purpose="swot").order_by(Question.id)
    ).all()
    screen = f"/r/{gate.token}/{text_boxes[0].screen}"
    for start in range(0, len(PAYLOADS), len(text_boxes)):
        values = dict(zip(text_boxes, PAYLOADS[start:], strict=False))
        data = {f"q{q.id}": text for q, text in values.items()} | {"go": "back"}
        response, _ = post_screen(client, screen, data)
        assert response.status_code == 302
        page = client.get(screen)
        assert "xss" in page.get_data(as_text=True)
        assert_inert(page, screen)
