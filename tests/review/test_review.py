"""From a family's words to the SWOT board: moderation, redaction, coding, both voices."""

import re

import pytest
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Question, Response
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem
from consult.extensions import db
from consult.review.models import ModerationEvent
from tests.conftest import submit
from tests.consultation.helpers import age_drafts, channel, post_screen

BASE = "/admin/demo/review"


def _parent_answers(client, texts: dict[str, str], priority: int | None = 3):
    """A parent answers through the public form; returns their response."""
    gate = channel()
    post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    data = {}
    if priority:
        first = db.session.scalars(
            select(Question)
            .filter_by(audience="parent", purpose="priority")
            .order_by(Question.position)
        ).first()
        data[f"q{first.id}"] = str(priority)
    post_screen(client, f"/r/{gate.token}/2", data)
    questions = {
        q.quadrant: q
        for q in db.session.scalars(select(Question).filter_by(audience="parent", purpose="swot"))
    }
    age_drafts()
    post_screen(client, f"/r/{gate.token}/4", {f"q{questions[k].id}": v for k, v in texts.items()})
    return db.session.scalars(select(Response).order_by(Response.id.desc())).first()


@pytest.fixture
def coordinator(as_role):
    return as_role(Role.COORDINATOR)


def test_personal_data_is_flagged_on_arrival(client, demo_territory, app_context):
    _parent_answers(
        client,
        {
            "strength": "Je m'appelle Fatima, appelez-moi au 06 12 34 56 78",
            "weakness": "Les devoirs sont trop longs le soir.",
        },
    )
    flags = {
        a.quadrant: a.flags for a in db.session.scalars(select(Answer).filter_by(purpose="swot"))
    }
    assert set(flags["strength"].split(",")) == {"phone", "name"}
    assert flags["weakness"] == ""


def test_queue_filters_and_bulk_approval(client, coordinator, demo_territory, app_context):
    _parent_answers(
        client, {"strength": "Le centre social est accueillant.", "threat": "Mon mail est a@b.fr"}
    )
    page = coordinator.get(f"{BASE}/?flag=email").get_data(as_text=True)
    assert "a@b.fr" in page and "accueillant" not in page
    ids = [a.id for a in db.session.scalars(select(Answer).filter_by(purpose="swot"))]
    flagged = db.session.scalars(select(Answer).where(Answer.flags != "")).one()
    response = submit(
        coordinator, f"{BASE}/bulk", {"answer_ids": ids, "decision": "approve"}, page_url=f"{BASE}/"
    )
    assert response.status_code == 302
    # The flagged answer was ticked but nobody said they checked it: it stays waiting.
    moderation = {
        a.id: a.moderation for a in db.session.scalars(select(Answer).filter_by(purpose="swot"))
    }
    assert moderation[flagged.id] == "pending"
    assert sorted(moderation.values()) == ["approved", "pending"]
    page = coordinator.get(f"{BASE}/").get_data(as_text=True)
    assert "1 flagged answer was not approved" in page or "1 réponse signalée" in page
    assert f'name="checked_flags" value="{flagged.id}"' in page

    response = submit(
        coordinator,
        f"{BASE}/bulk",
        {"answer_ids": [flagged.id], "checked_flags": [flagged.id], "decision": "approve"},
        page_url=f"{BASE}/",
    )
    assert db.session.get(Answer, flagged.id).moderation == "approved"
    events = db.session.scalars(select(ModerationEvent).filter_by(decision="approve")).all()
    assert len(events) == 2
    assert next(e.detail for e in events if e.answer_id == flagged.id).endswith("email")


def test_redaction_removes_personal_data_for_good(client, coordinator, demo_territory, app_context):
    _parent_answers(client, {"strength": "La cantine est bonne, appelez-moi au 06 12 34 56 78"})
    answer = db.session.scalars(select(Answer).filter_by(purpose="swot")).one()
    url = f"{BASE}/answers/{answer.id}"
    response = submit(coordinator, url, {"action": "redact", "text": "La cantine est bonne."})
    assert response.status_code == 302
    db.session.refresh(answer)
    assert (answer.text, answer.moderation, answer.flags) == (
        "La cantine est bonne.",
        "redacted",
        "",
    )
    # The number is nowhere: not in the answer, not in the audit log.
    for event in db.session.scalars(select(ModerationEvent)):
        assert "06 12" not in event.detail
    assert "06 12" not in coordinator.get(url).get_data(as_text=True)


def test_code_attach_and_see_it_on_the_board_as_a_blind_spot(
    client, coordinator, demo_territory, app_context
):
    response = _parent_answers(
        client, {"opportunity": "Un club de devoirs le samedi matin au centre social."}
    )
    answer = next(a for a in response.answers if a.purpose == "swot")
    url = f"{BASE}/answers/{answer.id}"
    axis = db.session.scalars(select(Axis).filter_by(number=2)).one()
    orientation = db.session.scalars(select(Orientation).filter_by(number=3)).one()

    refused = submit(
        coordinator, url, {"action": "code", "quadrant": "opportunity", "axis_id": axis.id}
    )
    assert refused.status_code == 422  # not approved yet
    submit(coordinator, url, {"action": "approve"})
    coded = submit(
        coordinator,
        url,
        {
            "action": "code",
            "quadrant": "opportunity",
            "axis_id": axis.id,
            "orientation_id": orientation.id,
        },
    )
    assert coded.status_code == 302
    created = submit(
        coordinator, url, {"action": "new_item", "statement": "Un club de devoirs le samedi"}
    )
    assert created.status_code == 302
    item = db.session.scalars(
        select(SwotItem).filter_by(statement="Un club de devoirs le samedi")
    ).one()
    assert (item.voice, item.quadrant, item.axis_id) == ("parent", "opportunity", axis.id)
    db.session.refresh(answer)
    assert answer.swot_item_id == item.id

    blind = coordinator.get(f"{BASE}/swot/axis-2?lens=blind_spots").get_data(as_text=True)
    assert "Un club de devoirs le samedi" in blind
    assert "ruptures de suivi" not in blind  # a professional item nobody else confirmed
    not_confirmed = coordinator.get(f"{BASE}/swot/axis-2?lens=not_confirmed").get_data(as_text=True)
    assert "ruptures de suivi" in not_confirmed and "club de devoirs" not in not_confirmed
    drill = coordinator.get(f"{BASE}/swot-items/{item.id}").get_data(as_text=True)
    assert "Un club de devoirs le samedi matin au centre social." in drill


def test_attaching_to_a_professional_item_makes_a_convergence(
    client, coordinator, demo_territory, app_context
):
    response = _parent_answers(
        client, {"weakness": "Au collège il y a une rupture de suivi des élèves."}
    )
    answer = next(a for a in response.answers if a.purpose == "swot")
    url = f"{BASE}/answers/{answer.id}"
    submit(coordinator, url, {"action": "approve"})
    page = coordinator.get(url).get_data(as_text=True)
    # The similar professional item is suggested, with the shared words as the reason.
    assert "ruptures de suivi" in page and "rupture" in page
    item = db.session.scalars(
        select(SwotItem).where(SwotItem.statement.contains("ruptures de suivi"))
    ).one()
    attached = submit(coordinator, url, {"action": "attach", "swot_item_id": item.id})
    assert attached.status_code == 302, attached.get_data(as_text=True)
    page = coordinator.get(f"{BASE}/swot/axis-2?lens=convergences").get_data(as_text=True)
    # One family's word: the convergence shows, the count reads "fewer than 5".
    item_html = page[page.index("ruptures de suivi") :]
    assert "Convergence" in page and "moins de 5 personnes" in item_html


def test_priorities_count_the_new_answer_and_hide_small_groups(
    client, coordinator, demo_territory, app_context
):
    url = f"{BASE}/results/{channel().consultation_id}"
    for priority in (3, 1, 3, 1):
        _parent_answers(client, {"strength": "Bien"}, priority=priority)
    # Four people: too few to show.
    assert "moins de 5" in coordinator.get(url).get_data(as_text=True)
    _parent_answers(client, {"strength": "Bien"}, priority=2)
    page = coordinator.get(url).get_data(as_text=True)
    assert "<strong>2,0</strong>" in page and "5 réponses" in page


def test_adopt_a_family_proposal_as_an_action(client, coordinator, demo_territory, app_context):
    response = _parent_answers(client, {"opportunity": "Des cours de français pour les parents."})
    answer = next(a for a in response.answers if a.purpose == "swot")
    url = f"{BASE}/answers/{answer.id}"
    submit(coordinator, url, {"action": "approve"})
    orientation = db.session.scalars(select(Orientation).filter_by(number=5)).one()
    before = len(orientation.actions)
    adopted = submit(
        coordinator,
        url,
        {
            "action": "adopt",
            "adopt_orientation_id": orientation.id,
            "adopt_title": "Cours de français pour parents",
        },
    )
    assert adopted.status_code == 302
    action = db.session.scalars(select(Action).filter_by(origin="family_proposal")).one()
    assert action.orientation_id == orientation.id
    # Proposed, not decided: the steering committee has not retained it yet.
    assert action.status == "proposed" and not action.is_live
    db.session.refresh(orientation)
    assert len(orientation.actions) == before + 1


def test_a_facilitator_cannot_moderate(as_role, client, demo_territory, app_context):
    _parent_answers(client, {"strength": "Bien"})
    facilitator = as_role(Role.FACILITATOR)
    answer = db.session.scalars(select(Answer).filter_by(purpose="swot")).one()
    assert facilitator.get(f"{BASE}/").status_code == 403
    assert facilitator.get(f"{BASE}/answers/{answer.id}").status_code == 403
    assert facilitator.get(f"{BASE}/swot/axis-1").status_code == 200


def test_published_results_lead_the_same_qr_code_to_the_public_summary(
    client, coordinator, demo_territory, app_context
):
    from consult.consultation.models import Consultation

    for priority in (3, 3, 3, 2, 3):
        _parent_answers(client, {"strength": "Bien"}, priority=priority)
    gate = channel()
    consultation = db.session.get(Consultation, gate.consultation_id)
    orientation = db.session.scalars(select(Orientation).filter_by(number=1)).one()
    proposal = _parent_answers(client, {"opportunity": "Un café des parents chaque mois"})
    answer = next(a for a in proposal.answers if a.purpose == "swot")
    submit(coordinator, f"{BASE}/answers/{answer.id}", {"action": "approve"})
    submit(
        coordinator,
        f"{BASE}/answers/{answer.id}",
        {
            "action": "adopt",
            "adopt_orientation_id": orientation.id,
            "adopt_title": "Un café des parents chaque mois",
        },
    )
    db.session.refresh(consultation)
    consultation.status = "published"
    db.session.commit()
    scan = client.get(f"/q/{gate.token}", headers={"Accept-Language": "ar"}, follow_redirects=True)
    # Adopted but not decided: not announced to families.
    assert "Un café des parents chaque mois" not in scan.get_data(as_text=True)

    from consult.governance import operations as governance_operations
    from consult.governance import queries as governance_queries

    [meeting] = governance_queries.decision_meetings(demo_territory)
    [proposed] = governance_queries.proposed_actions(demo_territory)
    governance_operations.decide_on_proposal(
        demo_territory,
        meeting,
        action_id=proposed.id,
        kind="proposal_retained",
        reason={"fr": "Demandé par beaucoup de parents."},
    )
    db.session.commit()

    scan = client.get(f"/q/{gate.token}", headers={"Accept-Language": "ar"}, follow_redirects=True)
    page = scan.get_data(as_text=True)
    assert scan.status_code == 200
    assert '<html lang="ar" dir="rtl">' in page
    assert orientation.family_title["ar"] in page
    assert "Un café des parents chaque mois" in page  # shown in French, marked as such
    assert 'lang="fr"' in page
    assert "respondent_kind" not in page


def test_answers_carry_their_consultation_audience_and_weight(client, demo_territory, app_context):
    response = _parent_answers(client, {"strength": "Bien"})
    assert {(a.consultation_id, a.audience, a.weight) for a in response.answers} == {
        (response.consultation_id, "parent", 1)
    }


def test_synthetic_consultation_generator(runner, demo_territory, app_context):
    result = runner.invoke(args=["consult", "generate-synthetic", "--responses", "300"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count(Response.id))) == 300
    groups = db.session.scalars(select(Response).where(Response.group_size.is_not(None))).all()
    for group in groups:
        assert {answer.weight for answer in group.answers} <= {group.group_size}
    written = db.session.scalars(select(Answer).filter_by(purpose="swot")).all()
    assert written and all(answer.text.startswith("[synthétique]") for answer in written)
    # Part of the approved answers are coded, into an item of the territory, as the board
    # and the exports read them at scale.
    coded = [answer for answer in written if answer.coded_at is not None]
    assert coded and all(answer.moderation in ("approved", "redacted") for answer in coded)
    assert all(answer.swot_item.axis_id == answer.axis_id for answer in coded)
    assert any(answer.coded_at is None and answer.moderation == "approved" for answer in written)


def test_bulk_approval_of_a_page_of_two_hundred(client, coordinator, demo_territory, app_context):
    from consult.consultation.models import Consultation
    from consult.review.synthetic import generate

    generate(db.session.scalars(select(Consultation)).one(), 700)
    page = coordinator.get(f"{BASE}/?per_page=200").get_data(as_text=True)
    ids = [int(value) for value in re.findall(r'name="answer_ids" value="(\d+)"', page)]
    assert len(ids) == 200
    response = submit(
        coordinator,
        f"{BASE}/bulk?per_page=200",
        {"answer_ids": ids, "decision": "approve"},
        page_url=f"{BASE}/?per_page=200",
    )
    assert response.status_code == 302
    approved = db.session.scalar(
        select(func.count(Answer.id)).where(Answer.id.in_(ids), Answer.moderation == "approved")
    )
    assert approved == 200


def test_redaction_also_clears_the_french_meaning(client, coordinator, demo_territory, app_context):
    _parent_answers(client, {"strength": "Je m'appelle Fatima Benali et la cantine est bonne"})
    answer = db.session.scalars(select(Answer).filter_by(purpose="swot")).one()
    url = f"{BASE}/answers/{answer.id}"
    submit(
        coordinator,
        url,
        {"action": "translate", "french_text": "Fatima Benali: la cantine est bonne"},
    )
    submit(coordinator, url, {"action": "redact", "text": "La cantine est bonne"})
    db.session.refresh(answer)
    assert answer.french_text is None and "Benali" not in answer.text


def test_a_masked_audience_is_not_given_away_by_the_total(
    client, coordinator, demo_territory, app_context
):
    for _ in range(5):
        _parent_answers(client, {"strength": "Bien"}, priority=2)
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "child"})
    child_priority = db.session.scalars(
        select(Question).filter_by(audience="child", purpose="priority").order_by(Question.position)
    ).first()
    age_drafts()
    post_screen(client, response.headers["Location"], {f"q{child_priority.id}": "3"})
    page = coordinator.get(f"{BASE}/results/{gate.consultation_id}").get_data(as_text=True)
    assert "5 réponses" in page  # the parents
    assert "6 réponses" not in page  # the total would reveal the one child


def test_odd_ids_are_not_found_never_a_server_error(
    client, coordinator, demo_territory, app_context
):
    for path in (
        f"{BASE}/answers/99999999999999999999",
        f"{BASE}/results/99999999999999999999",
        f"{BASE}/?page=99999999999999999999&consultation_id=99999999999999999999",
        f"{BASE}/exports/responses.csv?channel_id=99999999999999999999",
        f"{BASE}/exports?table=x&territory=other",
    ):
        assert coordinator.get(path).status_code in (200, 404), path
