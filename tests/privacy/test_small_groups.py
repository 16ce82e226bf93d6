"""No figure about fewer than five people, on any page or in any file: three children, who
are also the only Turkish speakers, the only ones who came through the poster and the only
ones who answered on the second day, must not be countable anywhere, neither directly nor as
the total minus the other groups shown."""

import csv
import io
import json
import re
from datetime import timedelta

import openpyxl
from sqlalchemy import select

from consult.consultation.models import Answer
from consult.core.masking import is_small, masked_groups
from consult.diagnostic.models import SwotItem, Territory
from consult.extensions import db
from consult.review import operations as review_operations

BASE = "/admin/demo/review"
TOTAL = 29
SMALL = 3
PEOPLE_CELLS = re.compile(
    r'<tr><th scope="row">([^<]*)</th>\s*(?:<td class="num">(\d+)</td><td class="num">(\d+)</td>'
    r'|<td class="num" colspan="2">([^<]*)</td>)'
)


def test_masking_leaves_nothing_to_subtract():
    assert masked_groups({"parent": 20, "child": 3, "young": 6}) == {"child", "young"}
    assert masked_groups({"parent": 20, "child": 3, "young": 6}, total=30) == {"child", "young"}
    assert masked_groups({"a": 3, "b": 2, "c": 40}) == {"a", "b"}
    assert masked_groups({"a": 0, "b": 40}) == set()
    # Masked together, the groups are either nobody or enough people.
    for groups in ({"x": 1, "y": 9, "z": 12}, {"x": 4, "y": 5}, {"x": 2, "y": 2, "z": 7}):
        hidden = masked_groups(groups)
        assert not is_small(sum(groups[key] for key in hidden)), groups


def _tables(page: str) -> list[list[tuple]]:
    """Each chart's table: (label, people shown or None when masked) per row."""
    tables = []
    for table in re.findall(r'<table class="chart__table">.*?</table>', page, re.S):
        rows = []
        for label, _answers, people, masked in PEOPLE_CELLS.findall(table):
            rows.append((label, int(people) if people else None))
            assert people or masked, label
        tables.append(rows)
    return tables


def test_participation_dashboard(coordinator, small_group):
    consultation = small_group["consultation"]
    page = coordinator.get(f"{BASE}/participation/{consultation.id}").get_data(as_text=True)
    tables = _tables(page)
    assert len(tables) == 7
    masked_rows = 0
    for rows in tables[:-1]:  # the last one, outreach sessions, is empty here
        shown = [people for _, people in rows if people is not None]
        masked_rows += len(rows) - len(shown)
        assert not any(is_small(people) for people in shown), rows
        # The total minus what is shown is nobody, or enough people.
        assert not is_small(TOTAL - sum(shown)), rows
    assert masked_rows >= 10
    for label in ("Türkçe", small_group["channels"]["poster"].name, "&lt; 11"):
        row = next(people for rows in tables for name, people in rows if name == label)
        assert row is None, label
    assert f">{SMALL}</text>" not in page and f">{SMALL}</td>" not in page


def test_targets_follow_the_masking(coordinator, small_group):
    consultation = small_group["consultation"]
    url = f"{BASE}/participation/{consultation.id}"
    from consult.review.operations import add_target

    for label, audience in (("Parents", "parent"), ("Jeunes", "young"), ("Enfants", "child")):
        add_target(consultation, label=label, channel_id=None, audience=audience, target=50)
    add_target(consultation, label="Tout le monde", channel_id=None, audience=None, target=50)
    db.session.commit()
    page = coordinator.get(url).get_data(as_text=True)
    assert f'max="50" value="{TOTAL}"' in page and 'max="50" value="20"' in page
    # The children are too few; the young people (6), shown, would give them away (29 - 20 - 6).
    assert 'max="50" value="3"' not in page and 'max="50" value="6"' not in page
    assert "moins de 5 personnes sur 50" in page


def test_a_target_on_five_people_or_more_stays_in_view(coordinator, small_group):
    """The young people (6) are followed by a target: when the children (3) force a sibling
    to be masked, the parents are taken instead, on the dashboard and in the files alike."""
    consultation = small_group["consultation"]
    from consult.review.operations import add_target

    add_target(consultation, label="Jeunes", channel_id=None, audience="young", target=50)
    db.session.commit()
    page = coordinator.get(f"{BASE}/participation/{consultation.id}").get_data(as_text=True)
    assert 'max="50" value="6"' in page and "6 personnes sur 50" in page
    audiences = dict(_tables(page)[2])
    assert audiences == {"Parents": None, "Enfants": None, "Jeunes": 6}, audiences
    values = [row["audience"] for row in _csv(coordinator, "responses.csv")]
    assert values.count("young") == 6 and "parent" not in values and "child" not in values


def _priority_cells(page: str) -> list[list[str]]:
    table = re.search(r'<table class="results">.*?</table>', page, re.S).group(0)
    return [
        re.findall(r'<td class="num">(.*?)</td>', row, re.S)
        for row in re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", table, re.S)
    ]


def test_orientation_results(coordinator, small_group):
    consultation = small_group["consultation"]
    page = coordinator.get(f"{BASE}/results/{consultation.id}").get_data(as_text=True)
    rows = _priority_cells(page)
    assert rows
    children_answered = young_answered = False
    for _parent, child, young, everyone in rows:
        assert "<strong>" not in child
        # The dashboard hides the young people (6): shown here, its total less the parents
        # would give the children away.
        assert "<strong>" not in young
        young_answered = young_answered or young.strip() != "—"
        if child.strip() != "—":
            children_answered = True
            # With the children masked, the total would give them away.
            assert "<strong>" not in everyone
    assert children_answered and young_answered
    assert not re.search(rf"\b{SMALL} (réponses|choix)\b", page)


def test_board(coordinator, small_group):
    page = coordinator.get(f"{BASE}/swot/axis-{small_group['item'].axis.number}").get_data(
        as_text=True
    )
    support = re.search(r'<p class="support">(.*?)</p>', page, re.S).group(1)
    assert "Enfants moins de 5" in support
    assert not re.search(r"\b(3|20)\b", support.split("</a>")[1]), support


def _csv(coordinator, path):
    text = coordinator.get(f"{BASE}/exports/{path}").get_data(as_text=True).lstrip("\ufeff")
    return list(csv.DictReader(io.StringIO(text)))


PROFILE = ("audience", "age_band", "language", "submitted_on", "channel")


def _check_profile_columns(rows: list[dict], small_group, hidden=None):
    assert len(rows) == TOTAL
    second_day = (small_group["day"] + timedelta(days=1)).isoformat()
    poster = small_group["channels"]["poster"].name
    hidden = hidden or {"child", "under_11", "tr", second_day, poster}
    for column in PROFILE:
        values = [row[column] for row in rows]
        # A masked cell says so; it is never left blank as if nothing were there.
        assert ("" not in values and None not in values) or column == "age_band", column
        for value in set(values) - {"masked", "masqué (moins de 5 personnes)"}:
            count = values.count(value)
            assert not is_small(count), (column, value, count)
        assert not hidden & {str(value) for value in values}, column


def test_exports_mask_small_groups_and_say_so(coordinator, small_group):
    _check_profile_columns(_csv(coordinator, "responses.csv"), small_group)
    data = json.loads(coordinator.get(f"{BASE}/exports/all.json").get_data(as_text=True))
    _check_profile_columns(data["responses"], small_group)

    # The spreadsheet says the same in words: its headers map back through the codebook.
    workbook = openpyxl.load_workbook(
        io.BytesIO(coordinator.get(f"{BASE}/exports/all.xlsx").data), read_only=True
    )
    codebook = list(workbook["Dictionnaire des données"].values)[1:]
    keys = {header: key for table, key, header, *_ in codebook if table == "responses"}
    header, *values = list(workbook["Réponses"].values)
    rows = [
        {keys[name]: "" if cell is None else cell for name, cell in zip(header, row, strict=True)}
        for row in values
    ]
    second_day = small_group["day"] + timedelta(days=1)
    words = {"Enfants", "Moins de 11 ans", "Türkçe", small_group["channels"]["poster"].name}
    _check_profile_columns(rows, small_group, hidden=words | {f"{second_day} 00:00:00"})


def test_exports_filtered_on_a_small_group_are_refused(coordinator, small_group):
    poster = small_group["channels"]["poster"]
    consultation = small_group["consultation"]
    for query in (
        "audience=child",
        "language=tr",
        f"channel_id={poster.id}",
        f"consultation_id={consultation.id}&audience=child",
    ):
        for path in ("responses.csv", "answers.csv", "all.json", "all.xlsx"):
            response = coordinator.get(f"{BASE}/exports/{path}?{query}")
            assert response.status_code == 302, (path, query)
            assert "/review/exports" in response.headers["Location"]
    page = coordinator.get(f"{BASE}/exports?audience=child").get_data(as_text=True)
    assert page.count("<tr>") == 0
    # A large enough group exports as usual.
    parents = _csv(coordinator, "responses.csv?audience=parent")
    assert len(parents) == 20


def test_report(coordinator, small_group):
    consultation = small_group["consultation"]
    page = coordinator.get(f"{BASE}/report/{consultation.id}").get_data(as_text=True)
    assert f"{TOTAL} réponses" in page
    cells = re.findall(
        r'<tr><td>([^<]*)</td>(?:<td class="num">\d+</td>)?<td class="num">([^<]*)</td>', page
    )
    shown = dict(cells)
    assert not shown["Enfants"].strip().isdigit()
    assert not shown[small_group["channels"]["poster"].name].strip().isdigit()
    # Parents 20 + young people 6 shown would give the children (29 - 26) away.
    assert not (shown["Parents"].strip().isdigit() and shown["Jeunes"].strip().isdigit())


def test_public_summary(client, small_group):
    gate = small_group["channels"]["school_gate"]
    page = client.get(f"/s/{gate.token}").get_data(as_text=True)
    section = re.search(r'<section class="respond">(.*?)</section>', page, re.S).group(1)
    assert str(TOTAL) in section
    assert not re.search(r"\b[1-4]\b", re.sub(r"<[^>]+>", " ", section))


def test_the_swot_export_gives_the_boards_figure_of_people(coordinator, small_group):
    """Each item's support in the diagnostic export is the board's figure: people, masked
    when fewer than five, never a bare count of one or two answers."""
    item = small_group["item"]
    few = SwotItem(
        territory_id=item.territory_id,
        axis_id=item.axis_id,
        quadrant="weakness",
        statement="Peu d’activités le samedi",
        voice="parent",
        weight=3,
    )
    db.session.add(few)
    db.session.flush()
    territory = db.session.get(Territory, item.territory_id)
    for answer in list(db.session.scalars(select(Answer).filter_by(purpose="swot")))[:2]:
        review_operations.attach(answer, few, territory, None)
    db.session.commit()
    rows = {row["swot_item_id"]: row for row in _csv(coordinator, "swot_items.csv")}
    assert rows[str(item.id)]["family_support"] == "23"
    assert rows[str(few.id)]["family_support"] == "masked"
    data = json.loads(coordinator.get(f"{BASE}/exports/all.json").get_data(as_text=True))
    by_id = {row["swot_item_id"]: row for row in data["swot_items"]}
    assert by_id[few.id]["family_support"] == "masked" and by_id[item.id]["family_support"] == 23
