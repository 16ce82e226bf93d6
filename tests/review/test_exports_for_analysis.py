"""Exports a coordinator or an analyst can use as they come: French Excel, R / Python, and
LibreOffice reading real dates."""

import csv
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from markupsafe import escape

from consult.accounts.roles import Role
from consult.extensions import db
from tests.privacy.helpers import add_response, demo_consultation

BASE = "/admin/demo/review"
MASKED = "masqué (moins de 5 personnes)"


@pytest.fixture
def answered(as_role, demo_territory, app_context):
    """22 parents, 8 young people and 3 children: the children are too few to show, and the
    young people are masked with them, or the total would give the children away."""
    consultation = demo_consultation()
    gate = next(c for c in consultation.channels if c.kind == "school_gate")
    for index in range(22):
        add_response(consultation, channel=gate, priority=1 + index % 3)
    for _ in range(8):
        add_response(consultation, audience="young", age_band="16_25", channel=gate)
    for _ in range(3):
        add_response(consultation, audience="child", age_band="under_11", channel=gate)
    db.session.commit()
    return consultation, as_role(Role.COORDINATOR)


def _excel_rows(client, table):
    response = client.get(f"{BASE}/exports/{table}.csv?flavour=excel")
    assert response.status_code == 200
    raw = response.get_data(as_text=True)
    # French Excel opens a semicolon-separated, BOM-marked file in columns, accents right.
    assert raw.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(raw.removeprefix("\ufeff")), delimiter=";"))


def test_the_excel_csv_speaks_french_marks_masked_cells_and_matches_the_results(answered):
    consultation, client = answered
    responses = _excel_rows(client, "responses")
    assert len(responses) == 33
    assert {"N° de réponse", "Public", "Jour", "Canal", "Façon de répondre"} <= set(responses[0])
    audiences = [row["Public"] for row in responses]
    assert audiences.count("Parents") == 22
    # Masked cells say so rather than being left blank.
    assert audiences.count(MASKED) == 11
    assert "Jeunes" not in audiences and "Enfants" not in audiences and "" not in audiences
    assert {row["Façon de répondre"] for row in responses} == {"seul"}

    answers = _excel_rows(client, "answers")
    parents = {row["N° de réponse"] for row in responses if row["Public"] == "Parents"}
    first = consultation.orientations[0]
    label = f"{first.number}. {first.label}"
    priorities = [
        row
        for row in answers
        if row["Orientation"] == label and row["Priorité"] and row["N° de réponse"] in parents
    ]
    page = client.get(f"{BASE}/results/{consultation.id}").get_data(as_text=True)
    heading = re.escape(str(escape(label)))
    row = re.search(rf"<th scope=\"row\">{heading}</th>(.*?)</tr>", page, re.S).group(1)
    shown = re.search(r"(\d+) réponses", row).group(1)
    assert len(priorities) == int(shown) == 22
    mean = sum(int(row["Priorité"]) for row in priorities) / len(priorities)
    assert f"{mean:.1f}".replace(".", ",") in row


def test_the_plain_csv_keeps_codes_for_r_and_python(answered):
    _consultation, client = answered
    text = client.get(f"{BASE}/exports/responses.csv?flavour=plain").get_data(as_text=True)
    assert not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {row["audience"] for row in rows} == {"parent", "masked"}
    codebook = client.get(f"{BASE}/exports/codebook.csv?flavour=plain").get_data(as_text=True)
    entries = {(row["table"], row["column"]): row for row in csv.DictReader(io.StringIO(codebook))}
    assert "parent = Parents" in entries[("responses", "audience")]["codes"]
    assert "masked = " in entries[("responses", "audience")]["codes"]
    assert set(rows[0]) == {column for table, column in entries if table == "responses"}


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="scripts/setup-system.sh test installs LibreOffice"
)
def test_libreoffice_reads_real_dates_and_plain_text(answered, tmp_path):
    _consultation, client = answered
    workbook = tmp_path / "consultation.xlsx"
    workbook.write_bytes(client.get(f"{BASE}/exports/all.xlsx").data)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    content = zipfile.ZipFile(tmp_path / "consultation.ods").read("content.xml").decode()
    # The answers' days and the workshops' dates arrive as dates LibreOffice can sort.
    dates = re.findall(r'office:value-type="date" office:date-value="([0-9-]+)', content)
    assert len(dates) >= 33 + 6
    assert "'=" not in content and "'+" not in content
