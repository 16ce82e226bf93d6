"""The coding workspace and the one SWOT board, on a territory invented for the purpose:
answers approved but not coded, coded and attached many at a time, several SWOT items per
answer, any item found by a search, the board filtered by consultation, audience and way of
answering, and the report giving the same figure."""

import csv
import io
import json
import re
import secrets
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.audit.models import StaffEvent
from consult.consultation.models import Answer, Response
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem
from consult.extensions import db
from consult.outreach.operations import save_session
from consult.review import exports, queries, report
from consult.review.models import AnswerAdditionalItem, ModerationEvent
from consult.review.similarity import group_similar, search, stems, suggest
from tests.conftest import csrf_token_from, login, submit
from tests.consultation.invented import SLUG, invented_territory

BASE = f"/admin/{SLUG}/review"


@pytest.fixture
def territory(app_context):
    territory, consultation = invented_territory()
    axis = db.session.scalars(select(Axis).filter_by(territory_id=territory.id)).one()
    teachers = SwotItem(
        territory_id=territory.id,
        axis_id=axis.id,
        quadrant="strength",
        statement="Des enseignantes très investies auprès des élèves",
    )
    canteen = SwotItem(
        territory_id=territory.id,
        axis_id=axis.id,
        quadrant="weakness",
        statement="Restauration scolaire saturée à midi",
    )
    db.session.add_all([teachers, canteen])
    db.session.commit()
    return territory, consultation, teachers, canteen


def _answer(consultation, text, *, moderation="approved", audience="parent", session=None):
    mode = "self"
    response = Response(
        consultation_id=consultation.id,
        channel_id=None if session else consultation.channels[0].id,
        audience=audience,
        language="fr",
        submitted_on=date.today(),
        client_token=secrets.token_hex(16),
        outreach_session_id=session.id if session else None,
        mode=mode,
    )
    response.answers.append(
        Answer(purpose="swot", quadrant="strength", text=text, moderation=moderation)
    )
    db.session.add(response)
    db.session.flush()
    return response.answers[0]


@pytest.fixture
def coordinator(client, make_user, territory):
    user = make_user(role=Role.COORDINATOR, territories=[territory[0]])
    login(client, user)
    return client


def _bulk(client, ids, **fields):
    page = client.get(f"{BASE}/?status=to_code").get_data(as_text=True)
    data = {"csrf_token": csrf_token_from(page), "answer_ids": [str(i) for i in ids], **fields}
    return client.post(f"{BASE}/bulk?status=to_code", data=data)


def test_stems_meet_across_forms_and_say_why():
    class Item:
        def __init__(self, id, statement):
            self.id, self.statement = id, statement

    items = [Item(1, "Des enseignantes très investies"), Item(2, "Manque de places en crèche")]
    [match] = suggest("Mon enseignant est formidable", items)
    assert match.item.id == 1
    assert match.reasons == [("enseign", ["enseignant"], ["enseignantes"])]
    # A word being typed finds the items whose words begin like it.
    assert [m.item.id for m in search("enseig", items)] == [1]
    assert [m.item.id for m in search("crèches place", items)] == [2]
    assert search("piscine", items) == []
    # Each language stems its own words; a language without a stemmer compares whole words.
    assert set(stems("profesores profesor", "es")) == {"profesor"}
    assert set(stems("вчителі вчителі", "uk")) == {"вчителі"}
    groups = group_similar(
        [
            (1, "Les devoirs sont trop longs le soir", "fr"),
            (2, "La cantine est trop bruyante", "fr"),
            (3, "Trop de devoirs, bien trop longs", "fr"),
        ]
    )
    assert groups == [([1, 3], ["devoir", "long"]), ([2], [])]


def test_approved_not_coded_answers_are_coded_and_attached_in_bulk(coordinator, territory):
    _, consultation, teachers, _ = territory
    answers = [_answer(consultation, f"Les maîtresses aident beaucoup ({n})") for n in range(6)]
    pending = _answer(consultation, "Pas encore lu", moderation="pending")
    db.session.commit()

    page = coordinator.get(f"{BASE}/?status=to_code").get_data(as_text=True)
    assert "Approuvées, à coder (6)" in page
    assert "Pas encore lu" not in page
    # Close answers are shown together, with the words they share.
    assert "6 réponses proches" in page and "maitress" in page

    ids = [answer.id for answer in answers] + [pending.id]
    coded = _bulk(coordinator, ids, decision="code", quadrant="strength", axis_id="0")
    assert coded.status_code == 302
    attached = _bulk(coordinator, ids, decision="attach", swot_item_id=str(teachers.id))
    assert attached.status_code == 302
    db.session.expire_all()
    assert all(db.session.get(Answer, a.id).swot_item_id == teachers.id for a in answers)
    assert db.session.get(Answer, pending.id).swot_item_id is None
    # Each change is in the answer's history and in the staff trail.
    for action in ("coding.code", "coding.attach"):
        assert db.session.scalar(select(func.count(StaffEvent.id)).filter_by(action=action)) == len(
            answers
        )
    assert db.session.scalar(
        select(func.count(ModerationEvent.id)).filter_by(decision="attach")
    ) == len(answers)
    page = coordinator.get(f"{BASE}/?status=to_code").get_data(as_text=True)
    assert "Approuvées, à coder (0)" in page

    board = coordinator.get(f"{BASE}/swot/axis-1?lens=convergences").get_data(as_text=True)
    assert "Des enseignantes très investies" in board and "6 contributions des familles" in board
    assert "Restauration scolaire" not in board
    context = report.context(consultation)
    assert context["support"][teachers.id].contributions.value == 6
    assert teachers in context["lenses"][teachers.axis_id]["convergences"]


def test_an_answer_supports_several_items_and_any_item_can_be_found(coordinator, territory):
    _, consultation, teachers, canteen = territory
    answer = _answer(consultation, "Ma fille adore sa maîtresse, mais on mange debout")
    db.session.commit()
    url = f"{BASE}/answers/{answer.id}"

    # The canteen item shares no word with the answer: the search finds it all the same.
    page = coordinator.get(f"{url}?item_q=restauration").get_data(as_text=True)
    assert "1 élément SWOT correspond" in page and "Restauration scolaire" in page
    for item in (teachers, canteen):
        response = submit(coordinator, url, {"action": "attach", "swot_item_id": item.id})
        assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Answer, answer.id).swot_item_id == teachers.id
    assert db.session.get(AnswerAdditionalItem, (answer.id, canteen.id)) is not None
    support = queries.support(territory[0])
    # One person behind each: counted, and published as "fewer than 5".
    assert support[teachers.id].people.is_small and support[canteen.id].people.is_small
    assert "on mange debout" in coordinator.get(f"{BASE}/swot-items/{canteen.id}").get_data(
        as_text=True
    )

    # An item the answer does not support, or no item at all, changes nothing.
    for odd in ("abc", "", "99999999999", str(canteen.id + 1000)):
        response = submit(coordinator, url, {"action": "detach", "swot_item_id": odd})
        assert response.status_code in (302, 422)
    db.session.expire_all()
    assert db.session.get(Answer, answer.id).swot_item_id == teachers.id
    # Detaching the first item: the other one takes its place.
    submit(coordinator, url, {"action": "detach", "swot_item_id": teachers.id})
    db.session.expire_all()
    assert db.session.get(Answer, answer.id).swot_item_id == canteen.id
    assert db.session.scalar(select(func.count()).select_from(AnswerAdditionalItem)) == 0
    assert teachers.id not in queries.support(territory[0])


def test_the_swot_items_export_counts_every_item_an_answer_supports(coordinator, territory):
    _, consultation, teachers, canteen = territory
    # Five people, each speaking of both: five behind each item (fewer would be masked).
    answers = [
        _answer(consultation, f"La maîtresse est gentille mais la cantine est bruyante {n}")
        for n in range(5)
    ]
    db.session.commit()
    for answer in answers:
        for item in (teachers, canteen):
            url = f"{BASE}/answers/{answer.id}"
            submit(coordinator, url, {"action": "attach", "swot_item_id": item.id})
    rows = {row[0]: row[-1] for row in exports.swot_rows(territory[0])}
    assert rows[teachers.id] == rows[canteen.id] == 5


def test_the_answers_exports_give_every_item_an_answer_supports(coordinator, territory):
    _, consultation, teachers, canteen = territory
    both = _answer(consultation, "La maîtresse est gentille mais la cantine est bruyante")
    one = _answer(consultation, "Une maîtresse formidable")
    db.session.commit()
    for answer, items in ((both, (teachers, canteen)), (one, (teachers,))):
        for item in items:
            url = f"{BASE}/answers/{answer.id}"
            submit(coordinator, url, {"action": "attach", "swot_item_id": item.id})
    together = f"{teachers.id} | {canteen.id}"

    plain = coordinator.get(f"{BASE}/exports/answers.csv?flavour=plain").get_data(as_text=True)
    rows = {row["answer_id"]: row for row in csv.DictReader(io.StringIO(plain))}
    assert rows[str(both.id)]["swot_item_ids"] == together
    assert rows[str(one.id)]["swot_item_ids"] == str(teachers.id)

    excel = coordinator.get(f"{BASE}/exports/answers.csv?flavour=excel").get_data(as_text=True)
    rows = csv.DictReader(io.StringIO(excel.removeprefix("\ufeff")), delimiter=";")
    items = {row["N° de réponse à une question"]: row["N° des éléments SWOT"] for row in rows}
    assert items[str(both.id)] == together and items[str(one.id)] == str(teachers.id)

    data = json.loads(coordinator.get(f"{BASE}/exports/all.json").get_data(as_text=True))
    items = {row["answer_id"]: row["swot_item_ids"] for row in data["answers"]}
    assert items[both.id] == [teachers.id, canteen.id] and items[one.id] == [teachers.id]
    [entry] = [row for row in data["codebook"] if row["column"] == "swot_item_ids"]
    assert "«\u00a0|\u00a0»" in entry["description"] and "JSON" in entry["description"]

    workbook = openpyxl.load_workbook(
        io.BytesIO(coordinator.get(f"{BASE}/exports/all.xlsx").data), read_only=True
    )
    sheet = list(workbook["Réponses par question"].iter_rows(values_only=True))
    column = sheet[0].index("N° des éléments SWOT")
    items = {row[0]: row[column] for row in sheet[1:]}
    # A lone item stays a number the spreadsheet can sort; several are written as text.
    assert items[both.id] == together and items[one.id] == teachers.id


def test_the_queue_filters_by_what_answers_carry_and_by_their_responses(territory):
    """Consultation and audience are read from the answers, channel and language from their
    responses: the same answers either way, and the count agrees with the rows."""
    place, consultation, _teachers, _canteen = territory
    _answer(consultation, "parent en français")
    _answer(consultation, "un jeune", audience="young")
    _answer(consultation, "بالعربية").response.language = "ar"
    db.session.commit()

    def texts(**chosen):
        filters = queries.QueueFilters(status=None, **chosen)
        rows, total = queries.moderation_queue(place, filters)
        assert total == len(rows)
        return {answer.text for answer in rows}

    assert texts() == {"parent en français", "un jeune", "بالعربية"}
    assert texts(audience="young") == {"un jeune"}
    assert texts(consultation_id=consultation.id, audience="parent") == {
        "parent en français",
        "بالعربية",
    }
    assert texts(consultation_id=consultation.id + 1000) == set()
    assert texts(language="ar") == {"بالعربية"}
    assert texts(language="ar", audience="young") == set()
    channel = consultation.channels[0].id
    assert texts(channel_id=channel, audience="parent") == {"parent en français", "بالعربية"}
    assert texts(channel_id=channel + 1000) == set()


def test_proposals_list_those_not_yet_adopted_first_then_the_adopted(territory):
    place, consultation, _teachers, _canteen = territory
    action = db.session.scalars(
        select(Action).join(Orientation).where(Orientation.territory_id == place.id)
    ).first()
    texts = ("une idée ancienne", "une idée adoptée", "une idée récente")
    for text in texts:
        _answer(consultation, text).quadrant = "opportunity"
    _answer(consultation, "une force")
    db.session.flush()
    adopted = db.session.scalars(select(Answer).filter_by(text="une idée adoptée")).one()
    adopted.adopted_action_id = action.id
    db.session.commit()

    def listed(limit):
        return [answer.text for answer in queries.proposals(consultation, limit=limit)]

    assert listed(100) == ["une idée récente", "une idée ancienne", "une idée adoptée"]
    assert listed(2) == ["une idée récente", "une idée ancienne"]
    assert listed(1) == ["une idée récente"]


def test_suggestions_say_why_and_next_previous_walk_the_filtered_queue(coordinator, territory):
    consultation = territory[1]
    first = _answer(consultation, "Un enseignant très patient")
    middle = _answer(consultation, "Les sorties scolaires")
    _answer(consultation, "Déjà codé").coded_at = date.today()
    last = _answer(consultation, "La bibliothèque")
    db.session.commit()

    page = coordinator.get(f"{BASE}/answers/{first.id}?status=to_code").get_data(as_text=True)
    assert "Des enseignantes très investies" in page
    assert "«\u00a0enseignant\u00a0» ↔ «\u00a0enseignantes\u00a0»" in page
    assert "<code>enseign</code>" in page
    page = coordinator.get(f"{BASE}/answers/{middle.id}?status=to_code").get_data(as_text=True)
    # Newest first, as in the queue; the coded answer is not on the way.
    assert re.search(rf'href="[^"]*/answers/{last.id}\?status=to_code" rel="prev"', page)
    assert re.search(rf'href="[^"]*/answers/{first.id}\?status=to_code" rel="next"', page)
    assert "js/coding" in page


def test_the_board_filters_by_consultation_audience_and_way_of_answering(
    coordinator, territory, make_user
):
    territory_row, consultation, teachers, _ = territory
    user = make_user(role=Role.FACILITATOR, territories=[territory_row])
    kiosk = save_session(
        territory_row,
        None,
        consultation=consultation,
        channel_id=None,
        place="Centre social",
        partner="",
        held_on=date.today(),
        facilitator_ids=[user.id],
        people_met=10,
        languages=["fr"],
        notes="",
        is_closed=False,
    )
    for n in range(5):
        _answer(consultation, f"web {n}").swot_item_id = teachers.id
    for n in range(6):
        _answer(
            consultation, f"kiosk {n}", session=kiosk, audience="young"
        ).swot_item_id = teachers.id
    db.session.commit()

    def figure(query):
        page = coordinator.get(f"{BASE}/swot/axis-1?{query}").get_data(as_text=True)
        found = re.search(r"(\d+) contributions? des familles", page)
        return int(found.group(1)) if found else 0

    assert figure("") == 11
    assert figure("way=kiosk") == 6
    assert figure("way=web") == 5
    assert figure("way=paper") == 0
    assert figure("audience=young") == 6
    assert figure(f"consultation_id={consultation.id}") == 11
    page = coordinator.get(f"{BASE}/swot/axis-1").get_data(as_text=True)
    assert "web ou QR code 5" in page and "borne 6" in page
    # The editing of the items is on the board.
    assert f'href="/admin/{SLUG}/swot-items/{teachers.id}/edit"' in page


@pytest.mark.parametrize(
    "query",
    [
        "way=teleport&audience=martian&lens=none&voice=x",
        "consultation_id=abc",
        "consultation_id=99999999999999999999",
        "consultation_id=-4",
        "item_q=" + "x" * 5000,
        "item_q=%00%01",
    ],
)
def test_odd_filters_are_ignored_never_a_500(coordinator, territory, query):
    _, consultation, _, _ = territory
    answer = _answer(consultation, "Bien")
    db.session.commit()
    assert coordinator.get(f"{BASE}/swot/axis-1?{query}").status_code == 200
    assert coordinator.get(f"{BASE}/?status=to_code&{query}").status_code == 200
    assert coordinator.get(f"{BASE}/answers/{answer.id}?{query}").status_code == 200


def test_bad_bulk_input_is_refused_with_a_message(coordinator, territory, demo_territory):
    _, consultation, teachers, _ = territory
    answer = _answer(consultation, "Bien")
    db.session.commit()
    elsewhere = db.session.scalars(
        select(SwotItem).filter_by(territory_id=demo_territory.id)
    ).first()
    cases = [
        ({"decision": "code"}, "Choisissez un cadran"),
        ({"decision": "code", "quadrant": "sideways"}, "Choisissez au moins une réponse"),
        (
            {"decision": "attach", "swot_item_id": str(elsewhere.id)},
            "Choisissez au moins une réponse",
        ),
        ({"decision": "attach", "swot_item_id": "0"}, "Choisissez l’élément SWOT"),
        ({"decision": "attach", "swot_item_id": "abc"}, "Choisissez au moins une réponse"),
        ({"decision": "teleport"}, "Choisissez au moins une réponse"),
    ]
    for fields, message in cases:
        response = _bulk(coordinator, [answer.id], **fields)
        assert response.status_code == 302, fields
        page = coordinator.get(response.headers["Location"]).get_data(as_text=True)
        assert message in page, fields
    db.session.expire_all()
    assert db.session.get(Answer, answer.id).coded_at is None
    # Another territory's answer ids are not this territory's: nothing happens to them.
    response = _bulk(
        coordinator, [answer.id + 10_000], decision="attach", swot_item_id=str(teachers.id)
    )
    assert response.status_code == 302


def test_roles_and_territories(client, make_user, territory, demo_territory):
    consultation = territory[1]
    answer = _answer(consultation, "Bien")
    db.session.commit()
    facilitator = make_user(role=Role.FACILITATOR, territories=[territory[0]])
    login(client, facilitator)
    assert client.get(f"{BASE}/swot/").status_code == 200
    assert client.get(f"{BASE}/swot/axis-1").status_code == 200
    page = client.get(f"{BASE}/swot/axis-1").get_data(as_text=True)
    assert "/edit" not in page
    assert client.get(f"{BASE}/?status=to_code").status_code == 403
    assert client.get(f"{BASE}/answers/{answer.id}").status_code == 403
    assert client.post(f"{BASE}/bulk", data={}).status_code in (400, 403)
    client.post(
        "/logout",
        data={"csrf_token": csrf_token_from(client.get(f"{BASE}/swot/").get_data(as_text=True))},
    )
    other = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    login(client, other)
    assert client.get(f"{BASE}/swot/axis-1").status_code == 404
    assert client.get(f"/admin/demo/review/answers/{answer.id}").status_code == 404


def test_a_territory_without_axes_has_an_empty_board(client, make_user, make_territory):
    territory = make_territory(slug="sans-axes", name="Cité éducative sans axes")
    login(client, make_user(role=Role.FACILITATOR, territories=[territory]))
    page = client.get("/admin/sans-axes/review/swot/")
    assert page.status_code == 200
    assert "Aucun axe pour l’instant." in page.get_data(as_text=True)
    assert (
        client.get("/admin/sans-axes/swot/")
        .headers["Location"]
        .endswith("/admin/sans-axes/review/swot/")
    )
