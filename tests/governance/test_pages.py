import io
from datetime import date

import openpyxl
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Channel
from consult.crossing.models import CrossingPair
from consult.diagnostic import operations as diagnostic_operations
from consult.diagnostic.models import Action, Orientation, SwotItem
from consult.extensions import db
from consult.followup.models import FundingLine, Indicator
from consult.governance import queries as governance_queries
from tests.conftest import login, submit

BASE = "/admin/demo"


def test_the_overview_shows_the_partnership_timeline(as_role, app_context):
    page = as_role(Role.FACILITATOR).get(f"{BASE}/diagnostic/").get_data(as_text=True)
    for text in (
        "novembre 2020",
        "décembre 2020",
        "février 2021 – mai 2021",
        "31 mars 2021",
        "31 mai 2021",
        "IRTS",
        "25 juin 2021",
        "Rencontre d&#39;élus",
        "Maison des Solidarités",
    ):
        assert text in page, text
    assert page.index("novembre 2020") < page.index("31 mars 2021") < page.index("25 juin 2021")


def test_a_facilitator_reads_the_process_but_cannot_decide(as_role, demo_territory, app_context):
    facilitator = as_role(Role.FACILITATOR)
    [meeting] = governance_queries.decision_meetings(demo_territory)
    assert facilitator.get(f"{BASE}/governance/").status_code == 200
    page = facilitator.get(f"{BASE}/governance/meetings/{meeting.id}")
    assert page.status_code == 200
    assert "Issue du diagnostic partagé" in page.get_data(as_text=True)
    refused = facilitator.post(
        f"{BASE}/governance/meetings/{meeting.id}", data={"decide": "orientation"}
    )
    assert refused.status_code in (400, 403)


def test_a_coordinator_records_a_decision_on_a_proposal(as_role, demo_territory, app_context):
    coordinator = as_role(Role.COORDINATOR)
    orientation = db.session.scalars(select(Orientation).filter_by(number=1)).one()
    action = diagnostic_operations.save_action(
        demo_territory, None, orientation_id=orientation.id, title={"fr": "Café des parents"},
        description={}, origin="family_proposal", status="proposed",
    )  # fmt: skip
    db.session.commit()
    [meeting] = governance_queries.decision_meetings(demo_territory)
    url = f"{BASE}/governance/meetings/{meeting.id}"
    missing_reason = submit(
        coordinator, url,
        {"decide": "proposal", "proposal-action_id": action.id,
         "proposal-kind": "proposal_retained"},
    )  # fmt: skip
    assert missing_reason.status_code == 422
    assert "raison" in missing_reason.get_data(as_text=True)
    saved = submit(
        coordinator, url,
        {"decide": "proposal", "proposal-action_id": action.id,
         "proposal-kind": "proposal_retained",
         "proposal-reason__fr": "Beaucoup de parents l'ont demandé.",
         "proposal-reason__ar": "طلبه كثير من الآباء."},
    )  # fmt: skip
    assert saved.status_code == 302
    db.session.refresh(action)
    assert action.status == "retained"


def test_follow_up_update_and_funding_by_form(as_role, demo_territory, app_context):
    coordinator = as_role(Role.COORDINATOR)
    action = db.session.scalars(select(Action).order_by(Action.id)).first()
    url = f"{BASE}/follow-up/{action.id}"
    saved = submit(
        coordinator, url,
        {"save": "update", "update-dated_on": "2024-09-15", "update-status": "in_progress",
         "update-progress": "30", "update-text__fr": "Les premières séances ont commencé."},
    )  # fmt: skip
    assert saved.status_code == 302
    refused = submit(
        coordinator, url,
        {"save": "funding", "funding-funder": "caf", "funding-year": "2024",
         "funding-amount": "-5"},
    )  # fmt: skip
    assert refused.status_code == 422
    saved = submit(
        coordinator, url,
        {"save": "funding", "funding-funder": "caf", "funding-year": "2024",
         "funding-amount": "4000"},
    )  # fmt: skip
    assert saved.status_code == 302
    db.session.refresh(action)
    assert (action.status, action.progress) == ("in_progress", 30)
    page = coordinator.get(f"{BASE}/follow-up/").get_data(as_text=True)
    assert "Les premières séances ont commencé." in page and "En cours" in page


def _assert_the_export_adds_up(client):
    """The page's and the XLSX's totals per action, funder and orientation are the sums of
    the lines as they are in the database now."""
    db.session.expire_all()
    lines = db.session.scalars(select(FundingLine)).all()
    assert lines
    page = client.get(f"{BASE}/follow-up/funding").get_data(as_text=True)
    total = sum(line.amount for line in lines)
    assert f"{total:,}".replace(",", " ") + " €" in page
    response = client.get(f"{BASE}/follow-up/funding.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.data))
    actions_sheet, orientation_sheet, lines_sheet = workbook.worksheets
    rows = list(actions_sheet.iter_rows(values_only=True))
    header, body, totals = rows[0], rows[1:-1], rows[-1]
    funders = header[2:-1]
    for column in range(2, len(header)):
        assert totals[column] == sum(row[column] for row in body)
    assert totals[-1] == total
    for row in body:
        assert row[-1] == sum(row[2:-1])
    per_funder = {}
    for line in lines:
        per_funder[line.funder] = per_funder.get(line.funder, 0) + line.amount
    assert sorted(value for value in totals[2:-1] if value) == sorted(per_funder.values())
    rows = list(orientation_sheet.iter_rows(values_only=True))
    body, totals = rows[1:-1], rows[-1]
    for column in range(1, len(funders) + 2):
        assert totals[column] == sum(row[column] for row in body)
    assert totals[-1] == total
    per_orientation = {}
    for line in lines:
        number = line.action.orientation.number
        per_orientation[number] = per_orientation.get(number, 0) + line.amount
    assert {int(row[0].split(".")[0]): row[-1] for row in body if row[-1]} == per_orientation
    detail = list(lines_sheet.iter_rows(values_only=True))[1:]
    assert sum(row[5] for row in detail) == total
    return per_orientation


def test_funding_export_totals_equal_the_sum_of_the_lines(as_role, demo_territory, app_context):
    _assert_the_export_adds_up(as_role(Role.FACILITATOR))


def test_a_funding_line_is_edited_in_place_and_the_totals_follow(
    app, as_role, make_user, demo_territory, app_context
):
    coordinator = as_role(Role.COORDINATOR)
    before = _assert_the_export_adds_up(coordinator)
    line = db.session.scalars(select(FundingLine).order_by(FundingLine.id)).first()
    line_id, old_number = line.id, line.action.orientation.number
    elsewhere = db.session.scalars(
        select(Action).join(Orientation).where(Orientation.number != old_number)
    ).first()
    url = f"{BASE}/follow-up/{line.action_id}/funding/{line_id}"
    assert f"/follow-up/{line.action_id}/funding/{line_id}" in coordinator.get(
        f"{BASE}/follow-up/{line.action_id}"
    ).get_data(as_text=True)
    form = {
        "action_id": elsewhere.id, "funder": "caf", "funder_detail": "CAF du Val",
        "year": "2023", "amount": "12345",
    }  # fmt: skip
    wrong = [("amount", "-1"), ("amount", "lots"), ("year", "1999"), ("funder", "bank"),
             ("action_id", "999999"), ("funder_detail", "x" * 121)]  # fmt: skip
    for field, bad in wrong:
        refused = submit(coordinator, url, {**form, field: bad})
        assert refused.status_code == 422, (field, bad)
    db.session.expire_all()
    assert db.session.get(FundingLine, line_id).amount == line.amount
    saved = submit(coordinator, url, form)
    assert saved.status_code == 302 and saved.location.endswith(f"/follow-up/{elsewhere.id}")
    db.session.expire_all()
    line = db.session.get(FundingLine, line_id)
    assert (line.action_id, line.funder, line.funder_detail, line.year, line.amount) == (
        elsewhere.id, "caf", "CAF du Val", 2023, 12345,
    )  # fmt: skip
    after = _assert_the_export_adds_up(coordinator)
    assert after != before
    # A second line for the same action, funder, detail and year is refused: edit that one.
    other = FundingLine(action_id=elsewhere.id, funder="state", year=2023, amount=10)
    db.session.add(other)
    db.session.commit()
    twin = submit(
        coordinator, f"{BASE}/follow-up/{elsewhere.id}/funding/{other.id}",
        {**form, "amount": "10"},
    )  # fmt: skip
    assert twin.status_code == 422
    assert db.session.get(FundingLine, other.id).funder == "state"
    trail = coordinator.get(f"{BASE}/audit/?kind=funding").get_data(as_text=True)
    assert "Ligne de financement modifiée" in trail and "12345 €" in trail
    # A facilitator reads the table but cannot edit a line.
    facilitator = app.test_client()
    login(facilitator, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    assert facilitator.get(f"{BASE}/follow-up/{elsewhere.id}/funding/{line_id}").status_code == 403


def test_the_crossing_grid_takes_a_family_item(as_role, demo_territory, app_context):
    coordinator = as_role(Role.COORDINATOR)
    page = coordinator.get(f"{BASE}/crossing/grid?axis=1").get_data(as_text=True)
    assert "SO" in page and "Orientation 5" in page
    weakness = db.session.scalar(
        select(SwotItem).filter_by(territory_id=demo_territory.id, quadrant="weakness")
    )
    family = diagnostic_operations.save_swot_item(
        demo_territory, None, axis_id=weakness.axis_id, quadrant="threat",
        statement="Les horaires des activités ne vont pas aux parents qui travaillent.",
        voice="parent", source="Consultation des familles",
    )  # fmt: skip
    db.session.commit()
    page = coordinator.get(f"{BASE}/crossing/grid?axis=1").get_data(as_text=True)
    not_covered = page[page.index("not-covered-title") :]
    assert "Les horaires des activités" in not_covered
    saved = submit(
        coordinator, f"{BASE}/crossing/pairs/new",
        {"internal_item_id": weakness.id, "external_item_id": family.id, "orientation_id": "0",
         "workshop_id": "0"},
    )  # fmt: skip
    assert saved.status_code == 302
    pair = db.session.scalar(select(CrossingPair).filter_by(external_item_id=family.id))
    assert pair.kind == "WT" and pair.orientation_id is None
    page = coordinator.get(f"{BASE}/crossing/grid?axis=1").get_data(as_text=True)
    assert "Non couvert par aucune orientation" in page


def test_minutes_pdf_upload_checks_the_file(as_role, demo_territory, app_context):
    coordinator = as_role(Role.COORDINATOR)
    [meeting] = governance_queries.decision_meetings(demo_territory)
    url = f"{BASE}/governance/meetings/{meeting.id}"
    page = coordinator.get(url).get_data(as_text=True)
    from tests.conftest import csrf_token_from

    token = csrf_token_from(page)
    refused = coordinator.post(
        url,
        data={"decide": "minutes", "csrf_token": token,
              "minutes-minutes_pdf": (io.BytesIO(b"not a pdf"), "cr.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert refused.status_code == 422
    saved = coordinator.post(
        url,
        data={"decide": "minutes", "csrf_token": token,
              "minutes-minutes_pdf": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "cr-copil.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert saved.status_code == 302
    download = coordinator.get(f"{url}/minutes.pdf")
    assert download.data.startswith(b"%PDF-")
    assert date.today()


def test_the_orientations_page_keeps_the_2021_wording_readable(
    as_role, demo_territory, app_context
):
    from consult.governance import operations as governance_operations

    orientation = db.session.scalars(select(Orientation).filter_by(number=1)).one()
    [meeting] = governance_queries.decision_meetings(demo_territory)
    governance_operations.decide_on_orientation(
        demo_territory, meeting, orientation_id=orientation.id, kind="orientation_amended",
        reason={"fr": "Les familles ont demandé d'y associer les enfants."},
        new_title={"fr": "Impliquer les parents et les enfants dans la co-éducation"},
    )  # fmt: skip
    db.session.commit()
    page = as_role(Role.FACILITATOR).get(f"{BASE}/orientations/").get_data(as_text=True)
    assert "Impliquer les parents et les enfants dans la co-éducation" in page
    assert "Formulation antérieure (1)" in page
    assert "Favoriser l&#39;implication des parents" in page
    assert "25 juin 2021" in page


def test_indicators_are_edited_and_reach_the_report(as_role, demo_territory, app_context):
    coordinator = as_role(Role.COORDINATOR)
    action = next(a for a in db.session.scalars(select(Action).order_by(Action.id)) if a.is_live)
    url = f"{BASE}/follow-up/{action.id}"
    added = submit(
        coordinator, url,
        {"save": "indicator", "indicator-label": "Élèves accompagnés", "indicator-unit": "élèves",
         "indicator-baseline": "40", "indicator-target": "120"},
    )  # fmt: skip
    assert added.status_code == 302
    indicator = db.session.scalar(select(Indicator).filter_by(action_id=action.id))
    assert indicator.public_label is None and indicator.family_label == "Élèves accompagnés"
    for year, value in (("2022", "55"), ("2023", "80.25")):
        submit(
            coordinator, url,
            {"save": "value", "value-indicator_id": indicator.id, "value-year": year,
             "value-value": value},
        )  # fmt: skip
    edit = f"{url}/indicators/{indicator.id}"
    assert edit in coordinator.get(url).get_data(as_text=True)
    form = {"label": "Élèves accompagnés", "unit": "élèves", "baseline": "40", "target": "150"}
    # A families' wording in another language needs its French; bad numbers are refused.
    for wrong in ({"public_label__ar": "تلاميذ"}, {"target": "beaucoup"}, {"label": ""},
                  {"public_label__fr": "x" * 121}):  # fmt: skip
        assert submit(coordinator, edit, {**form, **wrong}).status_code == 422, wrong
    db.session.expire_all()
    assert db.session.get(Indicator, indicator.id).target == 120
    saved = submit(
        coordinator, edit,
        {**form, "public_label__fr": "Élèves aidés chaque semaine",
         "public_label__ar": "تلاميذ يتلقون المساعدة كل أسبوع"},
    )  # fmt: skip
    assert saved.status_code == 302
    db.session.expire_all()
    indicator = db.session.get(Indicator, indicator.id)
    assert indicator.target == 150
    assert indicator.public_label == {
        "fr": "Élèves aidés chaque semaine", "ar": "تلاميذ يتلقون المساعدة كل أسبوع",
    }  # fmt: skip
    trail = coordinator.get(f"{BASE}/audit/?kind=indicator").get_data(as_text=True)
    assert "Indicateur ajouté" in trail and "Indicateur modifié" in trail
    consultation_id = db.session.scalars(select(Channel)).first().consultation_id
    report = coordinator.get(f"{BASE}/review/report/{consultation_id}").get_data(as_text=True)
    section = report[report.index("7. ") : report.index("8. ")]
    assert "Indicateurs\u00a0: situation de départ, cible et valeurs annuelles" in section
    assert "Élèves accompagnés (élèves)" in section
    for figure in ("40", "2022\u00a0: 55", "2023\u00a0: 80,25", "150"):
        assert figure in section, figure
    other = coordinator.get(
        f"{BASE}/follow-up/{action.id + 1 if action.id > 1 else action.id}/indicators/"
        f"{indicator.id + 1000}"
    )
    assert other.status_code == 404


def _a_pdf_of(size: int) -> bytes:
    return b"%PDF-1.4\n" + b"%" + b"x" * (size - 20) + b"\n%%EOF\n"


def test_minutes_of_a_few_megabytes_are_taken_from_a_coordinator_only(
    app, as_role, make_user, demo_territory, app_context
):
    """Every other request stays capped at 256 KiB; the minutes' PDF may reach 5 MB."""
    from tests.conftest import csrf_token_from

    coordinator = as_role(Role.COORDINATOR)
    [meeting] = governance_queries.decision_meetings(demo_territory)
    url = f"{BASE}/governance/meetings/{meeting.id}"
    page = coordinator.get(url)
    assert page.status_code == 200
    token = csrf_token_from(page.get_data(as_text=True))
    pdf = _a_pdf_of(2 * 1024 * 1024)
    saved = coordinator.post(
        url,
        data={"decide": "minutes", "csrf_token": token,
              "minutes-minutes_pdf": (io.BytesIO(pdf), "cr-copil.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert saved.status_code == 302
    assert coordinator.get(f"{url}/minutes.pdf").data == pdf
    too_large = coordinator.post(
        url,
        data={"decide": "minutes", "csrf_token": token,
              "minutes-minutes_pdf": (io.BytesIO(_a_pdf_of(6 * 1024 * 1024)), "big.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert too_large.status_code == 413
    # Anyone else, and any other page, keeps the small cap.
    anonymous = app.test_client()
    facilitator = app.test_client()
    login(facilitator, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    for sender, target in (
        (anonymous, url),
        (facilitator, url),
        (coordinator, f"{BASE}/governance/events/new"),
    ):
        refused = sender.post(
            target,
            data={"decide": "minutes", "minutes-minutes_pdf": (io.BytesIO(pdf), "cr.pdf")},
            content_type="multipart/form-data",
        )
        assert refused.status_code == 413, (target, refused.status_code)
