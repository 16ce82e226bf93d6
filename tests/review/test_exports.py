"""Exports open in a spreadsheet, follow the filters, stay anonymous and run no formula."""

import csv
import io
import json
from datetime import datetime

import openpyxl
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer
from consult.extensions import db
from consult.review.exports import neutralise
from tests.conftest import submit
from tests.review.test_review import _parent_answers

BASE = "/admin/demo/review/exports"


def _read_csv(response):
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


def test_formulas_are_neutralised():
    for dangerous in ("=1+1", "+33612", "-2", "@SUM(A1)", "\tx"):
        assert neutralise(dangerous).startswith("'")
    assert neutralise("Bonjour") == "Bonjour"
    assert neutralise(3) == 3


def test_csv_follows_filters_hides_unapproved_words_and_neutralises(
    client, as_role, demo_territory, app_context
):
    _parent_answers(client, {"strength": '=HYPERLINK("http://evil")', "weakness": "En attente"})
    _parent_answers(client, {"strength": "Autre famille"}, priority=None)
    coordinator = as_role(Role.COORDINATOR)
    approved = db.session.scalars(select(Answer).where(Answer.text.startswith("=HYPER"))).one()
    submit(coordinator, f"/admin/demo/review/answers/{approved.id}", {"action": "approve"})

    responses = _read_csv(coordinator.get(f"{BASE}/responses.csv"))
    assert len(responses) == 2
    assert "client_token" not in responses[0]
    assert set(responses[0]) >= {
        "audience",
        "language",
        "submitted_on",
        "channel",
        "mode",
        "outreach_session_id",
        "arrived_late",
    }

    answers = _read_csv(coordinator.get(f"{BASE}/answers.csv"))
    texts = {row["text"] for row in answers if row["purpose"] == "swot"}
    assert '\'=HYPERLINK("http://evil")' in texts
    assert "En attente" not in texts  # still pending: its words do not leave the back office

    only_arabic = _read_csv(coordinator.get(f"{BASE}/responses.csv?language=ar"))
    assert only_arabic == []


def test_xlsx_has_a_sheet_per_table(client, as_role, demo_territory, app_context):
    _parent_answers(client, {"strength": "Bien"})
    coordinator = as_role(Role.COORDINATOR)
    response = coordinator.get(f"{BASE}/all.xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    assert workbook.sheetnames == [
        "Réponses",
        "Réponses par question",
        "Axes",
        "Ateliers",
        "Éléments SWOT",
        "Orientations",
        "Actions",
        "Dictionnaire des données",
    ]
    swot = list(workbook["Éléments SWOT"].iter_rows(values_only=True))
    assert swot[0][0] == "N° d’élément SWOT" and len(swot) == 13  # header + the demo's 12 items
    assert {row[2] for row in swot[1:]} <= {"Force", "Faiblesse", "Opportunité", "Menace"}
    actions = list(workbook["Actions"].iter_rows(values_only=True))
    assert len(actions) == 1 + 18  # the 18 example actions of the diagnostic
    workshops = list(workbook["Ateliers"].iter_rows(values_only=True))
    # Real dates, not text: a spreadsheet can sort and filter them.
    assert all(isinstance(row[3], datetime) for row in workshops[1:])
    codebook = list(workbook["Dictionnaire des données"].iter_rows(values_only=True))
    assert ("responses", "audience") in {(row[0], row[1]) for row in codebook}


def test_json_export(client, as_role, demo_territory, app_context):
    _parent_answers(client, {"strength": "Bien"})
    coordinator = as_role(Role.COORDINATOR)
    data = json.loads(coordinator.get(f"{BASE}/all.json").get_data(as_text=True))
    assert set(data) == {
        "responses",
        "answers",
        "axes",
        "workshops",
        "swot_items",
        "orientations",
        "actions",
        "codebook",
    }
    assert len(data["responses"]) == 1
    # One person alone: their profile is masked, as the dashboard masks it (docs/privacy.md),
    # and the file says so.
    assert data["responses"][0]["audience"] == "masked"
    # The labels travel with the codes, and the diagnostic with the answers.
    [audience] = [
        row
        for row in data["codebook"]
        if (row["table"], row["column"]) == ("responses", "audience")
    ]
    assert "parent = Parents" in audience["codes"]
    assert len(data["orientations"]) == 6 and len(data["actions"]) == 18


def test_a_facilitator_cannot_export(as_role, demo_territory):
    facilitator = as_role(Role.FACILITATOR)
    for path in ("", "/responses.csv", "/all.json", "/all.xlsx"):
        assert facilitator.get(f"{BASE}{path}").status_code == 403
