"""Outreach sessions, group answers and paper forms, over HTTP as a facilitator."""

import re

from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.consultation.models import Consultation, Response
from consult.extensions import db
from consult.outreach.models import OutreachSession
from tests.conftest import csrf_token_from, login, submit
from tests.outreach.helpers import make_session


def _responses() -> int:
    return db.session.scalar(select(func.count(Response.id)))


def _question_fields(html: str) -> list[str]:
    return list(dict.fromkeys(re.findall(r'name="(q\d+)"', html)))


def test_a_facilitator_creates_a_session_with_colleagues(
    client, make_user, demo_territory, make_territory
):
    facilitator = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    colleague = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    login(client, facilitator)
    consultation = db.session.scalars(select(Consultation)).one()
    response = submit(
        client,
        "/admin/demo/outreach-sessions/new",
        {
            "place": "Café des parents",
            "partner": "CAF",
            "held_on": "2026-11-20",
            "consultation_id": consultation.id,
            "channel_id": consultation.channels[0].id,
            "facilitator_ids": [facilitator.id, colleague.id],
            "people_met": "23",
            "languages": ["fr", "tr"],
            "notes": "Beaucoup de questions sur la cantine.",
        },
    )
    assert response.status_code == 302
    session = db.session.scalars(select(OutreachSession)).one()
    assert session.place == "Café des parents"
    assert {user.id for user in session.facilitators} == {facilitator.id, colleague.id}
    assert (session.people_met, session.languages) == (23, ["fr", "tr"])
    assert re.fullmatch(r"[A-Z2-9]{6}", session.reference)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Café des parents" in page and session.reference in page


def test_a_stranger_cannot_be_a_facilitator_and_nothing_is_saved(
    client, make_user, demo_territory, make_territory
):
    stranger = make_user(role=Role.FACILITATOR, territories=[make_territory("other")])
    login(client, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    consultation = db.session.scalars(select(Consultation)).one()
    page = client.get("/admin/demo/outreach-sessions/new").get_data(as_text=True)
    # Only the territory's staff are offered.
    assert f'name="facilitator_ids" type="checkbox" value="{stranger.id}"' not in page
    assert 'name="facilitator_ids" type="checkbox" value="' in page
    response = client.post(
        "/admin/demo/outreach-sessions/new",
        data={
            "csrf_token": csrf_token_from(page),
            "place": "Stade",
            "held_on": "2026-11-20",
            "consultation_id": consultation.id,
            "channel_id": 0,
            "facilitator_ids": [stranger.id],
            "people_met": "5",
        },
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(OutreachSession.id))) == 0


def test_a_group_answer_is_one_response_weighted_by_its_size(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    url = f"/admin/demo/outreach/{session.id}/group/parent"
    html = client.get(url).get_data(as_text=True)
    fields = _question_fields(html)
    priority = fields[0]
    response = submit(
        client,
        url,
        {
            "group_size": "14",
            "kinds_present": ["parent", "young_16_25"],
            "language": "ar",
            priority: "3",
        },
    )
    assert response.status_code == 302
    stored = db.session.scalars(select(Response)).one()
    assert (stored.mode, stored.group_size, stored.audience) == ("group", 14, "parent")
    assert stored.group_audiences == ["parent", "young_16_25"]
    assert stored.outreach_session_id == session.id and stored.channel_id == session.channel_id
    assert [answer.priority for answer in stored.answers] == [3]
    # Results count each answer for the people it speaks for.
    assert [answer.weight for answer in stored.answers] == [14]
    summary = client.get(f"/admin/demo/outreach/{session.id}").get_data(as_text=True)
    # One response, speaking for 14 people, labelled as a group answer.
    assert re.search(r'id="total-responses">1<', summary)
    assert re.search(r'id="people-represented">14<', summary)
    assert re.search(r'data-mode="group"><th scope="row">[^<]+</th><td class="num">1<', summary)


def test_a_group_of_one_or_of_a_thousand_is_refused(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    url = f"/admin/demo/outreach/{session.id}/group/parent"
    priority = _question_fields(client.get(url).get_data(as_text=True))[0]
    for size in ("1", "41", "201", "501", "-3", "many"):
        response = submit(
            client,
            url,
            {"group_size": size, "kinds_present": ["parent"], "language": "fr", priority: "2"},
        )
        assert response.status_code == 422, size
    # A group with no answer at all is refused too.
    response = submit(
        client, url, {"group_size": "8", "kinds_present": ["parent"], "language": "fr"}
    )
    assert response.status_code == 422
    assert _responses() == 0


def test_a_large_group_needs_a_confirmation_and_the_sessions_own_limit(as_role, demo_territory):
    from consult.audit.queries import staff_events

    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    url = f"/admin/demo/outreach/{session.id}/group/parent"
    priority = _question_fields(client.get(url).get_data(as_text=True))[0]
    group = {"kinds_present": ["parent"], "language": "fr", priority: "2"}

    unconfirmed = submit(client, url, {**group, "group_size": "16"})
    assert unconfirmed.status_code == 422
    assert "16" in unconfirmed.get_data(as_text=True)
    assert _responses() == 0
    confirmed = submit(client, url, {**group, "group_size": "16", "large_group_confirmed": "y"})
    assert confirmed.status_code == 302 and _responses() == 1

    # 60 people is over the default limit of 40, even confirmed...
    too_big = {**group, "group_size": "60", "large_group_confirmed": "y"}
    assert submit(client, url, too_big).status_code == 422
    # ...until the session allows it, which the audit trail records.
    edit = f"/admin/demo/outreach-sessions/{session.id}/edit"
    page = client.get(edit).get_data(as_text=True)
    assert re.search(r'name="max_group_size"[^>]*value="40"', page)
    fields = {
        "place": session.place,
        "held_on": session.held_on.isoformat(),
        "consultation_id": session.consultation_id,
        "people_met": "40",
    }
    saved = submit(client, edit, {**fields, "max_group_size": "80"})
    assert saved.status_code == 302
    assert db.session.get(OutreachSession, session.id).max_group_size == 80
    [event] = staff_events(action_prefix="outreach.group_limit")
    assert event.detail == "40 -> 80"
    assert submit(client, url, too_big).status_code == 302
    assert _responses() == 2
    # The ceiling of 200 holds for every session.
    over = submit(client, edit, {**fields, "max_group_size": "201"})
    assert over.status_code == 422


def test_paper_print_carries_the_reference_and_the_qr_code(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    page = client.get(f"/admin/demo/outreach/{session.id}/paper/young/ar").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert f'id="reference">{session.reference}<' in page
    assert f"/admin/demo/channels/{session.channel_id}/qr.svg" in page
    assert "print-paper.css" in page
    # Young people are asked as 11-15 or 16-25: the sheet asks which.
    assert page.count('class="box"') > 5
    # A language the consultation does not offer, or an audience it does not ask, is not found.
    assert client.get(f"/admin/demo/outreach/{session.id}/paper/young/xx").status_code == 404
    assert client.get(f"/admin/demo/outreach/{session.id}/paper/nobody/fr").status_code == 404


def _paper_post(client, session, *, reference, sheet, kind="young_11_15", answer="2"):
    url = f"/admin/demo/outreach/{session.id}/paper-entry/young"
    page = client.get(url).get_data(as_text=True)
    priority = _question_fields(page)[0]
    return client.post(
        url,
        data={
            "csrf_token": csrf_token_from(page),
            "reference": reference,
            "sheet_number": str(sheet),
            "kind": kind,
            "language": "ar",
            priority: answer,
        },
    )


def test_paper_forms_are_keyed_in_with_their_reference_once(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    wrong = _paper_post(client, session, reference="ZZZZZZ", sheet=1)
    assert wrong.status_code == 422
    assert session.reference in wrong.get_data(as_text=True)
    assert _responses() == 0

    typed = session.reference.lower()[:3] + "-" + session.reference.lower()[3:]
    stored = _paper_post(client, session, reference=typed, sheet=1)
    assert stored.status_code == 302
    response = db.session.scalars(select(Response)).one()
    assert (response.mode, response.outreach_session_id) == ("paper", session.id)
    assert (response.audience, response.age_band, response.language) == ("young", "11_15", "ar")
    assert response.paper_reference == f"{session.reference}-1"

    again = _paper_post(client, session, reference=session.reference, sheet=1, answer="3")
    assert again.status_code == 422
    assert _responses() == 1
    assert _paper_post(client, session, reference=session.reference, sheet=2).status_code == 302
    assert _responses() == 2


def test_a_session_of_another_territory_is_not_found(
    client, make_user, make_territory, demo_territory
):
    session = make_session(demo_territory)
    other = make_territory("other")
    login(client, make_user(role=Role.COORDINATOR, territories=[other]))
    assert client.get(f"/admin/other/outreach/{session.id}").status_code == 404
    assert client.get(f"/admin/demo/outreach/{session.id}").status_code == 404


def test_a_session_with_answers_cannot_be_deleted(as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    assert _paper_post(client, session, reference=session.reference, sheet=7).status_code == 302
    response = submit(client, f"/admin/demo/outreach-sessions/{session.id}/delete", {})
    assert response.status_code == 302
    assert db.session.get(OutreachSession, session.id) is not None


def test_a_keyed_paper_sheet_reaches_the_results_with_mode_paper_and_its_session(
    as_role, demo_territory
):
    client = as_role(Role.COORDINATOR)
    session = make_session(demo_territory)
    # Five sheets: an export blanks the profile of fewer than five people (docs/privacy.md).
    for sheet in range(3, 8):
        response = _paper_post(client, session, reference=session.reference, sheet=sheet)
        assert response.status_code == 302
    export = client.get("/admin/demo/review/exports/responses.csv").get_data(as_text=True)
    rows = [line for line in export.splitlines() if ",paper," in line]
    assert len(rows) == 5 and all(session.channel.name in row for row in rows)
    participation = client.get(
        f"/admin/demo/review/participation/{session.consultation_id}"
    ).get_data(as_text=True)
    assert session.label in participation
