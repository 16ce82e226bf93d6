"""`flask consult purge`: families' raw words go after the retention period; the coded model
and every figure stay exactly as they were."""

import csv
import io
import json
import re
from datetime import date, timedelta

import openpyxl
import pytest
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Channel, Consultation, Draft, Response
from consult.consultation.vocabulary import Status
from consult.diagnostic.models import Action, SwotItem, Territory
from consult.extensions import db
from consult.governance import operations as governance_operations
from consult.governance import queries as governance_queries
from consult.outreach.models import OutreachSession
from consult.review import operations as review_operations
from consult.review import participation, queries
from tests.conftest import submit
from tests.privacy.helpers import add_response, demo_consultation

BASE = "/admin/demo/review"
NAME_IN_NOTES = "Mme Benali est venue avec son fils Karim"
WORDS = "Les enseignants prennent le temps de parler avec nous le soir."
IDEA = "Un atelier de devoirs le samedi matin au centre social."


def _words_everywhere(consultation: Consultation) -> dict:
    """A consultation after a season of work: words, coding, a new item, an adopted idea,
    a kiosk record, a paper sheet, a profile choice, a draft and a session's notes."""
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    session = OutreachSession(
        territory_id=consultation.territory_id,
        consultation_id=consultation.id,
        channel_id=gate.id,
        place="Marché du samedi",
        held_on=consultation.opens_on,
        people_met=30,
        languages=["fr", "ar"],
        notes=NAME_IN_NOTES,
        reference="MARCHE1",
    )
    db.session.add(session)
    db.session.flush()
    for _ in range(6):
        add_response(
            consultation, channel=gate, texts={"strength": WORDS, "opportunity": IDEA}, priority=3
        )
    for _ in range(5):
        add_response(
            consultation,
            audience="young",
            age_band="11_15",
            channel=gate,
            texts={"weakness": "Il n'y a rien à faire le mercredi après-midi."},
            priority=2,
        )
    arabic = add_response(
        consultation, language="ar", texts={"strength": "المعلمون يستمعون إلينا"}, priority=1
    )
    add_response(
        consultation,
        mode="assisted",
        outreach_session_id=session.id,
        content_hash="ab" * 32,
        texts={"threat": "Les trottoirs sont dangereux devant l'école."},
    )
    add_response(
        consultation,
        mode="paper",
        outreach_session_id=session.id,
        paper_reference="MARCHE1-4",
        texts={"strength": "Le directeur est à l'écoute."},
    )
    add_response(consultation, mode="group", group_size=7, texts={"opportunity": IDEA})
    profile = Answer(purpose="profile", text="École Jaurès")
    arabic.answers.append(profile)
    db.session.add(
        Draft(token="d" * 64, consultation_id=consultation.id, answers={"1": "brouillon"})
    )
    db.session.flush()

    written = list(db.session.scalars(select(Answer).filter_by(purpose="swot")))
    review_operations.approve(written, None)
    territory = db.session.get(Territory, consultation.territory_id)
    arabic_words = next(answer for answer in written if answer.response_id == arabic.id)
    review_operations.set_french_meaning(arabic_words, "Les enseignants nous écoutent.", None)
    strength = next(answer for answer in written if answer.quadrant == "strength")
    item = db.session.scalars(
        select(SwotItem).filter_by(territory_id=territory.id, quadrant="strength")
    ).first()
    review_operations.attach(strength, item, territory, None)
    weakness = next(answer for answer in written if answer.quadrant == "weakness")
    review_operations.code(
        weakness,
        territory,
        None,
        axis_id=consultation.axes[0].id,
        quadrant="weakness",
        orientation_id=consultation.orientations[0].id,
    )
    review_operations.create_item_from(
        weakness, territory, None, statement="Rien à faire le mercredi (voix des jeunes)"
    )
    idea = next(answer for answer in written if answer.text == IDEA)
    review_operations.adopt_as_action(
        idea,
        territory,
        None,
        orientation_id=consultation.orientations[0].id,
        title="Atelier de devoirs le samedi",
    )
    # The steering committee retains it, so families see it on the public page.
    [meeting] = governance_queries.decision_meetings(territory)
    [proposed] = governance_queries.proposed_actions(territory)
    governance_operations.decide_on_proposal(
        territory, meeting, action_id=proposed.id, kind="proposal_retained",
        reason={"fr": "Demandé par les familles."},
    )  # fmt: skip
    db.session.commit()
    return {"session": session, "profile": profile}


def _figures(consultation: Consultation) -> dict:
    """Everything the dashboard, results, board and report count, as plain values."""
    territory = db.session.get(Territory, consultation.territory_id)

    def rows(items):
        return [(row.label, row.responses, row.people, row.extra, row.is_shown) for row in items]

    return {
        "dimensions": {
            name: rows(items) for name, items in participation.dimensions(consultation).items()
        },
        "sessions": rows(participation.by_session(consultation)),
        "targets": [item.reached for item in participation.targets(consultation)],
        "priorities": {
            orientation: {
                audience: (cell.answers, cell.people, round(cell.mean, 9), round(cell.low, 9))
                for audience, cell in cells.items()
            }
            for orientation, cells in queries.orientation_priorities(consultation).items()
        },
        "preferences": {
            orientation: (
                ranked.seen_people,
                [(row.action.id, row.answers, row.people, row.share) for row in ranked.rows],
            )
            for orientation, ranked in queries.action_preferences(consultation).items()
        },
        "support": {
            item: (dict(entry.by_audience), dict(entry.by_way), entry.contributions, entry.people)
            for item, entry in queries.support(territory, consultation_id=consultation.id).items()
        },
        "statuses": queries.status_counts(territory),
        "coding": sorted(
            db.session.execute(
                select(
                    Answer.id,
                    Answer.response_id,
                    Answer.purpose,
                    Answer.audience,
                    Answer.weight,
                    Answer.quadrant,
                    Answer.axis_id,
                    Answer.orientation_id,
                    Answer.priority,
                    Answer.action_id,
                    Answer.swot_item_id,
                    Answer.adopted_action_id,
                    Answer.moderation,
                    Answer.coded_at,
                )
            ).all()
        ),
        "responses": db.session.scalar(select(func.count(Response.id))),
        "items": sorted(db.session.execute(select(SwotItem.id, SwotItem.statement)).all()),
        "actions": sorted(
            (action.id, json.dumps(action.title, sort_keys=True))
            for action in db.session.scalars(select(Action))
        ),
    }


def _without_csrf(html: str) -> str:
    return re.sub(r'"[\w-]{20,}\.[\w-]{6}\.[\w-]{20,}"', "", html)


def _priority_table(html: str) -> str:
    return re.search(r'<table class="results">.*?</table>', html, re.S).group(0)


def _preferred_actions(html: str) -> str:
    return re.search(r"(<section class=\"card\" id=\"actions-.*?)<h2>", html, re.S).group(1)


def _purge(runner, today: date, *extra: str):
    result = runner.invoke(args=["consult", "purge", "--today", today.isoformat(), *extra])
    db.session.expire_all()
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def coordinator(as_role):
    return as_role(Role.COORDINATOR)


def test_purge_deletes_words_and_keeps_every_figure(
    runner, coordinator, demo_territory, app_context
):
    consultation = demo_consultation()
    made = _words_everywhere(consultation)
    participation_url = f"{BASE}/participation/{consultation.id}"
    results_url = f"{BASE}/results/{consultation.id}"
    figures_before = _figures(consultation)
    dashboard_before = _without_csrf(coordinator.get(participation_url).get_data(as_text=True))
    results_before = coordinator.get(results_url).get_data(as_text=True)
    kept_until = consultation.closes_on + timedelta(days=consultation.retention_days)

    # On the last day of the retention period, nothing is due.
    output = _purge(runner, kept_until)
    assert "0 consultation(s)" in output
    assert db.session.scalar(select(func.count()).where(Answer.text == WORDS)) == 6

    output = _purge(runner, kept_until + timedelta(days=1))
    assert "deleted 21 written answer(s), 1 kiosk hash(es), 1 draft(s), 1 session note(s)" in (
        output
    )
    assert "21 written answer(s) were deleted" in output

    written = db.session.scalars(select(Answer).filter_by(purpose="swot")).all()
    assert len(written) == 21
    assert all(answer.text is None and answer.french_text is None for answer in written)
    # A profile choice is one of the coordinator's options, not free text: kept.
    assert db.session.get(Answer, made["profile"].id).text == "École Jaurès"
    assert db.session.scalar(select(func.count()).where(Response.content_hash.is_not(None))) == 0
    assert db.session.scalar(select(func.count(Draft.id))) == 0
    assert db.session.get(OutreachSession, made["session"].id).notes == ""
    # The paper sheet's number stays: it names a sheet, not a person (docs/privacy.md).
    assert db.session.scalar(select(Response.paper_reference).where(Response.mode == "paper"))
    purged_at = db.session.get(Consultation, consultation.id).free_text_purged_at
    assert purged_at is not None

    assert _figures(consultation) == figures_before
    dashboard_after = _without_csrf(coordinator.get(participation_url).get_data(as_text=True))
    assert dashboard_after == dashboard_before
    results_after = coordinator.get(results_url).get_data(as_text=True)
    assert _priority_table(results_after) == _priority_table(results_before)
    assert _preferred_actions(results_after) == _preferred_actions(results_before)

    # Again: nothing left to delete, the first purge's date stays.
    output = _purge(runner, kept_until + timedelta(days=30))
    assert "deleted 0 written answer(s), 0 kiosk hash(es), 0 draft(s), 0 session note(s)" in (
        output
    )
    assert db.session.get(Consultation, consultation.id).free_text_purged_at == purged_at
    assert _figures(consultation) == figures_before


def test_dry_run_prints_and_changes_nothing(runner, demo_territory, app_context):
    consultation = demo_consultation()
    _words_everywhere(consultation)
    later = consultation.closes_on + timedelta(days=consultation.retention_days + 1)
    output = _purge(runner, later, "--dry-run")
    assert "Dry run" in output
    assert "would delete 21 written answer(s), 1 kiosk hash(es), 1 draft(s)" in output
    assert "21 written answer(s) would be deleted" in output
    assert db.session.scalar(select(func.count()).where(Answer.text == WORDS)) == 6
    assert db.session.scalar(select(func.count(Draft.id))) == 1
    assert db.session.get(Consultation, consultation.id).free_text_purged_at is None


def test_retention_is_per_consultation(runner, demo_territory, app_context):
    consultation = demo_consultation()
    _words_everywhere(consultation)
    consultation.retention_days = 30
    db.session.commit()
    day = consultation.closes_on + timedelta(days=31)
    assert "21 written answer(s) were deleted" in _purge(runner, day)
    # The default of a year would have kept them.
    assert consultation.retention_days == 30


def _text_column(rows, header="text"):
    return [row[header] for row in rows]


def test_after_a_purge_every_page_and_file_still_works(
    runner, client, coordinator, demo_territory, app_context
):
    consultation = demo_consultation()
    _words_everywhere(consultation)
    consultation.status = Status.PUBLISHED.value
    db.session.commit()
    _purge(runner, consultation.closes_on + timedelta(days=consultation.retention_days + 1))
    notice = 'class="deleted-text"'

    queue = coordinator.get(f"{BASE}/?status=all")
    assert queue.status_code == 200 and notice in queue.get_data(as_text=True)
    assert WORDS not in queue.get_data(as_text=True)
    answer = db.session.scalars(select(Answer).filter_by(purpose="swot")).first()
    page = coordinator.get(f"{BASE}/answers/{answer.id}?status=all")
    assert page.status_code == 200 and notice in page.get_data(as_text=True)
    item = db.session.scalars(select(Answer).where(Answer.swot_item_id.is_not(None))).first()
    contributions = coordinator.get(f"{BASE}/swot-items/{item.swot_item_id}")
    assert contributions.status_code == 200 and notice in contributions.get_data(as_text=True)
    results = coordinator.get(f"{BASE}/results/{consultation.id}")
    assert results.status_code == 200 and notice in results.get_data(as_text=True)
    board = coordinator.get(f"{BASE}/swot/axis-1")
    assert board.status_code == 200

    report = coordinator.get(f"{BASE}/report/{consultation.id}").get_data(as_text=True)
    assert "La démarche partenariale" in report and WORDS not in report and "«" not in report
    pdf = coordinator.get(f"{BASE}/report/{consultation.id}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")

    answers_csv = coordinator.get(f"{BASE}/exports/answers.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(answers_csv.lstrip("\ufeff"))))
    written = [row for row in rows if row["purpose"] == "swot"]
    assert len(written) == 21 and {row["text"] for row in written} == {""}
    assert {row["french_text"] for row in written} == {""}
    exported = json.loads(coordinator.get(f"{BASE}/exports/all.json").get_data(as_text=True))
    assert {row["text"] for row in exported["answers"] if row["purpose"] == "swot"} == {None}
    workbook = openpyxl.load_workbook(
        io.BytesIO(coordinator.get(f"{BASE}/exports/all.xlsx").data), read_only=True
    )
    sheet = list(workbook["Réponses par question"].values)
    text_index = sheet[0].index("Réponse écrite")
    assert len(sheet) == len(rows) + 1
    written_rows = [row for row in sheet[1:] if row[2] == "Texte libre qui alimente le SWOT"]
    assert {row[text_index] for row in written_rows} == {None}

    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    summary = client.get(f"/s/{gate.token}")
    assert summary.status_code == 200
    assert "Atelier de devoirs le samedi" in summary.get_data(as_text=True)


def test_deleted_words_are_not_written_back(runner, coordinator, demo_territory, app_context):
    consultation = demo_consultation()
    _words_everywhere(consultation)
    _purge(runner, consultation.closes_on + timedelta(days=consultation.retention_days + 1))
    answer = db.session.scalars(select(Answer).filter_by(purpose="swot")).first()
    url = f"{BASE}/answers/{answer.id}?status=all"
    for action, field in (("redact", "text"), ("translate", "french_text")):
        response = submit(coordinator, url, {"action": action, field: "Des mots nouveaux"})
        assert response.status_code == 422
        db.session.expire_all()
        assert db.session.get(Answer, answer.id).text is None
        assert db.session.get(Answer, answer.id).french_text is None
