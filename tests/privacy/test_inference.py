"""Small groups must not come back by putting two outputs side by side: the dashboard and
the export hide the same groups when counts tie, a hidden way of answering takes its tell-tale
columns with it, filters cannot be combined down to a few people, targets cannot be
subtracted from one another, a quote does not name a hidden audience, and a redaction leaves
no hash of the removed words."""

import csv
import io
from datetime import timedelta

from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer
from consult.consultation.vocabulary import Status
from consult.core.masking import masked_groups
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.review import exports, participation
from consult.review import operations as review_operations
from tests.privacy.helpers import add_response, demo_consultation

BASE = "/admin/demo/review"


def _csv(client, path):
    text = client.get(f"{BASE}/exports/{path}").get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_ties_are_broken_in_the_groups_own_order():
    # 2 before 10 (not "10" before "2" as text); None last.
    assert masked_groups({10: 6, 2: 6, 7: 3, 3: 40}) == {7, 2}
    assert masked_groups({None: 6, "b": 6, "a": 3, "c": 40}) == {"a", "b"}


def test_dashboard_and_export_hide_the_same_days(as_role, demo_territory, app_context):
    consultation = demo_consultation()
    first = consultation.opens_on
    for offset, people in enumerate([3, 7, 6, 6, 6, 6, 6, 6, 6, 6, 6]):
        for _ in range(people):
            add_response(consultation, day=first + timedelta(days=offset))
    db.session.commit()
    territory = db.session.get(Territory, consultation.territory_id)
    on_dashboard = {row.key for row in participation.dimensions(consultation)["days"] if row.masked}
    in_export = exports.small_groups(territory)[(consultation.id, 6)]
    assert on_dashboard == in_export
    assert len(on_dashboard) == 2
    client = as_role(Role.COORDINATOR)
    # A masked cell says so: nobody can take it for a value that was never there.
    masked = [row for row in _csv(client, "responses.csv") if row["submitted_on"] == "masked"]
    assert len(masked) == 3 + 6
    assert all(row["submitted_on"] for row in _csv(client, "responses.csv"))


def test_a_hidden_way_of_answering_hides_its_reference_and_group_size(
    as_role, demo_territory, app_context
):
    consultation = demo_consultation()
    for _ in range(20):
        add_response(consultation)
    for number in range(2):
        add_response(consultation, mode="paper", paper_reference=f"MARCHE01-{number}")
    add_response(consultation, mode="group", group_size=3)
    db.session.commit()
    rows = _csv(as_role(Role.COORDINATOR), "responses.csv")
    assert {row["mode"] for row in rows} == {"self", "masked"}
    hidden = [row for row in rows if row["mode"] == "masked"]
    assert {(row["paper_reference"], row["group_size"]) for row in hidden} == {
        ("masked", ""),
        ("", "masked"),
    }
    assert {(row["paper_reference"], row["group_size"]) for row in rows if row not in hidden} == {
        ("", "")
    }


def test_filters_cannot_be_combined_down_to_a_few_people(as_role, demo_territory, app_context):
    consultation = demo_consultation()
    for language in ["fr"] * 20 + ["ar"] * 2:
        add_response(consultation, language=language)
    for language in ["fr"] * 3 + ["ar"] * 5:
        add_response(consultation, audience="young", age_band="16_25", language=language)
    db.session.commit()
    client = as_role(Role.COORDINATOR)
    # Arabic speakers (7) and parents (22) are each enough; Arabic-speaking parents (2) not.
    assert len(_csv(client, "responses.csv?language=ar")) == 7
    assert len(_csv(client, "responses.csv?audience=parent")) == 22
    refused = client.get(f"{BASE}/exports/responses.csv?audience=parent&language=ar")
    assert refused.status_code == 302 and "/review/exports" in refused.headers["Location"]


def test_two_targets_of_one_channel_do_not_give_the_third_audience(
    as_role, demo_territory, app_context
):
    consultation = demo_consultation()
    gate = next(c for c in consultation.channels if c.kind == "school_gate")
    hall = next(c for c in consultation.channels if c.kind == "college_hall")
    for audience, age_band, people in (("parent", None, 10), ("child", "under_11", 6)):
        for _ in range(people):
            add_response(consultation, audience=audience, age_band=age_band, channel=gate)
    for channel, people in ((gate, 3), (hall, 20)):
        for _ in range(people):
            add_response(consultation, audience="young", age_band="16_25", channel=channel)
    for _ in range(20):
        add_response(consultation, audience="parent", channel=hall)
    for audience in ("parent", "child"):
        review_operations.add_target(
            consultation, label=audience, channel_id=gate.id, audience=audience, target=50
        )
    db.session.commit()
    shown = {
        item.target.audience: item.reached.value
        for item in participation.targets(consultation)
        if item.is_shown
    }
    by_channel = {row.key: row for row in participation.dimensions(consultation)["channels"]}
    assert by_channel[gate.id].is_shown and by_channel[gate.id].people.value == 19
    # Both cells shown (10 and 6) beside the gate's 19 would give its 3 young people away.
    assert shown == {"parent": 10}


def test_a_quote_does_not_name_a_hidden_audience(as_role, demo_territory, app_context):
    consultation = demo_consultation()
    consultation.status = Status.PUBLISHED.value
    for _ in range(20):
        add_response(consultation)
    quote = "La cour de récréation est trop petite pour jouer au ballon."
    for _ in range(3):
        add_response(consultation, audience="child", age_band="under_11", texts={"weakness": quote})
    said = list(db.session.scalars(select(Answer).filter_by(text=quote)))
    review_operations.approve(said, None)
    # The coordinator chooses to quote it in the report.
    review_operations.set_report_quote(said[0], demo_territory, None, chosen=True)
    db.session.commit()
    page = as_role(Role.COORDINATOR).get(f"{BASE}/report/{consultation.id}")
    html = page.get_data(as_text=True)
    assert quote in html
    assert "— Enfants" not in html


def test_redaction_drops_the_kiosk_hash_of_the_removed_words(demo_territory, app_context):
    consultation = demo_consultation()
    response = add_response(
        consultation, texts={"strength": "Mon fils Karim aime la cantine"}, content_hash="ab" * 32
    )
    db.session.commit()
    answer = next(answer for answer in response.answers if answer.text)
    review_operations.redact(answer, "Mon fils aime la cantine", None)
    db.session.commit()
    assert response.content_hash is None


def test_dashboard_and_export_hide_the_same_channels(as_role, demo_territory, app_context):
    """Responses outside any channel count in the whole but are no row of the dashboard; the
    export must not treat them as a group of its own, or it hides a channel the dashboard
    shows (here the hall, next to the 7 people without a channel)."""
    consultation = demo_consultation()
    kinds = {channel.kind: channel for channel in consultation.channels}
    for kind, people in (("school_gate", 20), ("college_hall", 6), ("poster", 3), (None, 7)):
        for _ in range(people):
            add_response(consultation, channel=kinds.get(kind))
    db.session.commit()
    territory = db.session.get(Territory, consultation.territory_id)
    on_dashboard = {
        row.key for row in participation.dimensions(consultation)["channels"] if row.masked
    }
    assert on_dashboard == {kinds["poster"].id}
    assert exports.small_groups(territory)[(consultation.id, exports.CHANNEL)] == on_dashboard
    rows = _csv(as_role(Role.COORDINATOR), "responses.csv")
    channels = [row["channel"] for row in rows]
    assert set(channels) == {kinds["school_gate"].name, kinds["college_hall"].name, "", "masked"}
    # The poster's 3 say "masked"; the 7 without any channel stay blank: nothing was there.
    assert (channels.count("masked"), channels.count("")) == (3, 7)
