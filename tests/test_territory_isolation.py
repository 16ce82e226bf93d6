"""One territory's staff can neither read nor change another territory's data.

Territory A is the demo with data of every kind; territory B has data of every kind too (the
same demo under another name), its own coordinator and facilitator. Every back-office rule
of the URL map that belongs to a territory (under /admin/<territory>/, or taking the id of
a territory's row) is requested by B's staff with
A's ids, by GET and by every other method it accepts, with a valid CSRF token so that CSRF is
not what stops them:

1. in A's URL space (/admin/demo/...): 403 or 404 every time;
2. in B's URL space with A's ids in the path (/admin/other/.../<id of A's row>): 403 or 404;
3. in B's URL space, pages without an id in the path, with A's ids in the query string and
   the body (filters, bulk decisions, kiosk records): never a page showing A's data. A page
   with a form is sent that form filled in validly, A's ids in place of B's, so that only a
   territory check can stop it (not a missing title);
4. in B's URL space with B's own rows in the path, the page's form filled in validly with
   A's ids in the body (attach B's answer to A's SWOT item, tie B's item to A's axis...):
   never a page showing A's data.

Then nothing of A has changed in the database, and no row of B's, old or new, points at one
of A's rows.
The rule list comes from the URL map, so a route added later is covered without editing this
file; a rule whose arguments cannot be filled fails loudly.
"""

import io
import zipfile
from datetime import date
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from consult.accounts.models import User, user_territories
from consult.accounts.roles import Role
from consult.consultation.models import Channel, Consultation
from consult.consultation.vocabulary import Status
from consult.diagnostic.models import Territory
from consult.extensions import db
from tests.conftest import csrf_token_from, login
from tests.test_route_matrix import ID_ARGUMENTS, _governance_ids, _sample_values, sample_ids

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
ANSWER_TEXT = "Réponse écrite que seul le territoire A doit lire"
PLACE = "Marché du samedi"
REFUSED = (403, 404)


def _is_id_argument(argument: str) -> bool:
    return argument == "item_id" or argument in ID_ARGUMENTS or argument.endswith("_id")


def territory_owned_rules(app) -> list:
    """Back-office rules inside a territory, or taking an id of one of its rows. Public
    pages (/q/<token>, /s/<token>...) are open to anyone by design and left out."""
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        if getattr(app.view_functions[rule.endpoint], "is_public", False):
            continue
        in_territory = rule.rule.startswith("/admin/<territory>/")
        if in_territory or any(_is_id_argument(argument) for argument in rule.arguments):
            rules.append(rule)
    # Opening the kiosk locks the login to the kiosk's pages (tests/outreach/
    # test_kiosk_lock.py): its rules go last.
    return sorted(rules, key=lambda rule: rule.endpoint.startswith("kiosk."))


def _url(rule, ids, territory_slug) -> str:
    try:
        values = _sample_values(rule, ids)
    except KeyError as missing:
        raise AssertionError(f"no sample id {missing} for {rule.rule}") from None
    if "territory" in rule.arguments:
        values["territory"] = territory_slug
    return rule.build(values, append_unknown=False)[1]


def _a_ids_as_parameters(ids) -> dict:
    """Every id name a page or form may read, set to one of A's rows (values are strings, as
    in a real query string or form)."""
    parameters = {name: ids[kind] for name, kind in ID_ARGUMENTS.items()}
    parameters |= {
        "item_id": ids["swot_items"],
        "axis_id": ids["axes"],
        "axis_ids": ids["axes"],
        "workshop_id": ids["workshops"],
        "orientation_id": ids["orientations"],
        "orientation_ids": ids["orientations"],
        "adopt_orientation_id": ids["orientations"],
        "answer_ids": ids["answers"],
        "facilitator_ids": ids["user"],
        "session": ids["outreach_sessions"],
        "internal_item_id": ids["swot_items"],
        "external_item_id": ids["swot_items"],
        "merged_into_id": ids["actions"],
        "lead_id": ids["partners"],
        "co_lead_ids": ids["partners"],
        "partner_ids": ids["partners"],
        "body_id": ids["bodies"],
        "axis": 1,
        # A decision, so a bulk or single moderation form would act if the ids passed.
        "decision": "hide",
        "action": "hide",
    }
    return {name: str(value) for name, value in parameters.items()}


def _fill_territory_a(make_user, territory) -> dict:
    """A's data of every kind: the demo, a written answer, an outreach session, a
    participation target, an audit-log entry, a day's scans, published results."""
    from consult.consultation.models import Answer
    from consult.consultation.operations import record_scan
    from consult.review.models import ParticipationTarget
    from consult.review.operations import approve

    ids = sample_ids(make_user, territory)
    answer = db.session.get(Answer, ids["answers"])
    answer.text = ANSWER_TEXT
    approve([answer], make_user(role=Role.COORDINATOR, territories=[territory]))
    consultation = db.session.get(Consultation, ids["consultations"])
    # B is loaded from the same demo: what only A's pages show must be A's alone.
    consultation.title = {"fr": "Consultation du territoire A seulement"}
    db.session.get(Channel, ids["channels"]).name = "Portail du territoire A"
    db.session.add(
        ParticipationTarget(
            consultation_id=consultation.id,
            label="Parents du collège",
            audience="parent",
            target=40,
        )
    )
    record_scan(db.session.get(Channel, ids["channels"]), date.today())
    consultation.status = Status.PUBLISHED.value
    db.session.commit()
    return ids


def _territory_b_with_data(make_user) -> tuple[Territory, dict]:
    """B: the demo diagnostic and consultation under another name, a written answer, an
    outreach session; and one id per kind of B's rows."""
    from consult.consultation.demo import load_demo_consultation
    from consult.consultation.models import Answer, Question, Response
    from consult.diagnostic.demo import load_demo_territory, read_fixture
    from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Workshop
    from consult.governance.demo import load_demo_governance
    from consult.outreach.operations import save_session

    fixture = read_fixture()
    fixture["territory"] = {"slug": "other", "name": "Cité éducative de l'autre territoire"}
    territory, _ = load_demo_territory(fixture)
    load_demo_governance(territory)
    consultation = load_demo_consultation(territory)
    db.session.flush()
    channel = consultation.channels[0]
    response = Response(
        consultation_id=consultation.id,
        channel_id=channel.id,
        audience="parent",
        language="fr",
        submitted_on=date.today(),
        client_token="territory-b-sample",
    )
    # Approved, and worded like one of B's SWOT items, so its page offers to attach it.
    statement = db.session.scalar(
        select(SwotItem.statement).filter_by(territory_id=territory.id).order_by(SwotItem.id)
    )
    response.answers.append(
        Answer(purpose="swot", quadrant="strength", text=statement, moderation="approved")
    )
    db.session.add(response)
    session = save_session(
        territory, None, consultation=consultation, channel_id=channel.id,
        place="Place du territoire B", partner="", held_on=date.today(), facilitator_ids=[],
        people_met=5, languages=["fr"], notes="", is_closed=False,
    )  # fmt: skip
    db.session.commit()

    def first(model, *where):
        return db.session.scalar(select(model.id).where(*where).order_by(model.id))

    owned = {
        "axes": Axis,
        "workshops": Workshop,
        "swot_items": SwotItem,
        "orientations": Orientation,
    }
    ids = {name: first(model, model.territory_id == territory.id) for name, model in owned.items()}
    ids |= {
        "actions": first(Action, Action.orientation_id == ids["orientations"]),
        "consultations": consultation.id,
        "questions": first(Question, Question.consultation_id == consultation.id),
        "channels": channel.id,
        "token": channel.token,
        "answers": response.answers[0].id,
        "outreach_sessions": session.id,
        "user": make_user(role=Role.FACILITATOR, territories=[territory]).id,
        "territory": territory.id,
    }
    ids |= _governance_ids(territory)
    return territory, ids


def _markers(territory, ids) -> list[str]:
    """Strings only A's pages contain; none may appear in a page shown to B's staff."""
    channel = db.session.get(Channel, ids["channels"])
    consultation = db.session.get(Consultation, ids["consultations"])
    return [territory.name, ANSWER_TEXT, PLACE, channel.name, channel.token, consultation.label]


def _snapshot() -> dict:
    """Every row of every table, by primary key."""
    snapshot = {}
    for table in db.metadata.sorted_tables:
        key_columns = list(table.primary_key.columns)
        snapshot[table.name] = {
            tuple(row[column.name] for column in key_columns): dict(row)
            for row in db.session.execute(select(table)).mappings()
        }
    return snapshot


def _assert_a_untouched(a_only: dict) -> None:
    """``a_only``: the snapshot taken when only A existed (and staff accounts)."""
    db.session.expire_all()
    after = _snapshot()
    for table_name, rows in a_only.items():
        if table_name in (User.__tablename__, user_territories.name):
            continue
        for key, row in rows.items():
            assert after[table_name].get(key) == row, f"{table_name} {key} changed or vanished"
    a_rows = {
        (table_name, key)
        for table_name, rows in a_only.items()
        if table_name not in (User.__tablename__, user_territories.name)
        for key in rows
    }
    for table in db.metadata.sorted_tables:
        for key, row in after[table.name].items():
            if key in a_only[table.name]:
                continue
            for foreign_key in table.foreign_keys:
                target = (foreign_key.column.table.name, (row[foreign_key.parent.name],))
                assert target not in a_rows, f"{table.name} {key} of B's points at A's {target}"


def _refused(response, url, markers) -> None:
    assert response.status_code in REFUSED, (url, response.status_code)
    _shows_nothing_of_a(response, url, markers)


def _readable(body: bytes) -> str:
    """The text a person could read in a response, spreadsheets (zipped XML) included."""
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            body = b"".join(archive.read(name) for name in archive.namelist())
    return body.decode("utf-8", errors="replace")


def _shows_nothing_of_a(response, url, markers) -> None:
    assert response.status_code < 500, (url, response.status_code)
    body = _readable(response.get_data())
    leaked = [marker for marker in markers if marker in body]
    assert leaked == [], (url, leaked)


class _FormFields(HTMLParser):
    """The fields of a page's POST forms, each with a value the form would accept."""

    SAMPLE_TEXT = "Texte d'essai assez long"
    SAMPLES = {"email": "essai@example.org", "number": "3", "password": "une-phrase-longue-42"}

    def __init__(self):
        super().__init__()
        self.values, self.in_post_form, self.select, self.textarea = {}, False, None, None
        # Named submit buttons (name="action" value="attach"...): one request each.
        self.buttons = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "form":
            self.in_post_form = attrs.get("method", "").lower() == "post"
        elif not self.in_post_form or not name or name == "csrf_token":
            if tag == "option" and self.select:
                self._option(attrs)
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self.buttons.append({name: attrs.get("value", "")})
        elif tag == "input":
            self._input(name, attrs)
        elif tag == "select":
            self.select = name
        elif tag == "textarea":
            self.textarea = name
            self.values.setdefault(name, self.SAMPLE_TEXT)

    def _input(self, name, attrs):
        kind = attrs.get("type", "text")
        if kind in ("checkbox", "radio"):
            self.values.setdefault(name, attrs.get("value", "y"))
        elif kind == "date":
            self.values.setdefault(name, attrs.get("value") or date.today().isoformat())
        elif kind not in ("submit", "button", "file"):
            fallback = self.SAMPLES.get(kind, attrs.get("min") or self.SAMPLE_TEXT)
            self.values.setdefault(name, attrs.get("value") or fallback)

    def _option(self, attrs):
        if attrs.get("value"):
            self.values.setdefault(self.select, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_post_form = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None


def _filled_forms(client, url) -> list[dict]:
    """The page's POST fields filled in, once per named submit button."""
    page = client.get(url)
    if page.status_code != 200 or "html" not in page.content_type:
        return []
    fields = _FormFields()
    fields.feed(page.get_data(as_text=True))
    if not fields.values and not fields.buttons:
        return []
    # Hiding an answer stops the coding forms after it: hide last.
    buttons = sorted(fields.buttons, key=lambda button: "hide" in button.values())
    return [{**fields.values, **button} for button in buttons or [{}]]


def _write_requests(client, rule, url, token, parameters):
    """The rule's write methods, once as a form and once as JSON (the kiosk's way)."""
    for method in sorted(rule.methods & WRITE_METHODS):
        yield client.open(url, method=method, data={**parameters, "csrf_token": token})
        yield client.open(
            url,
            method=method,
            json={
                key: int(value) if value.isdigit() else value for key, value in parameters.items()
            },
            headers={"Origin": "http://localhost", "X-CSRFToken": token},
        )


def _sent_with_a_ids(client, rule, url, token, parameters, markers) -> bool:
    """B's page at ``url`` read with A's ids in the query string, then its forms sent filled
    in validly with A's ids in place of B's; how many forms were filled."""
    forms = []
    if "GET" in rule.methods:
        _shows_nothing_of_a(client.get(url, query_string=parameters), url, markers)
        if rule.methods & WRITE_METHODS:
            forms = _filled_forms(client, url)
    for filled in forms or [{}]:
        button = {key: value for key, value in filled.items() if key == "action"}
        body = {**filled, **parameters, **button}
        for response in _write_requests(client, rule, url, token, body):
            _shows_nothing_of_a(response, url, markers)
    return len(forms)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.FACILITATOR])
def test_staff_of_territory_b_reach_nothing_of_territory_a(
    app, client, make_user, demo_territory, role
):
    territory_a = demo_territory
    ids = _fill_territory_a(make_user, territory_a)
    a_only = _snapshot()
    territory_b, b_ids = _territory_b_with_data(make_user)
    login(client, make_user(role=role, territories=[territory_b]))
    token = csrf_token_from(client.get("/admin/other/").get_data(as_text=True))
    markers = _markers(territory_a, ids)
    parameters = _a_ids_as_parameters(ids)

    rules = territory_owned_rules(app)
    counts = dict.fromkeys(("in_a", "with_a_ids", "b_pages", "b_rows", "forms_filled"), 0)
    for rule in rules:
        requests = []
        # 1. A's own URL space.
        url = _url(rule, ids, territory_a.slug)
        if "GET" in rule.methods:
            requests.append((url, client.get(url, query_string=parameters)))
        requests += [
            (url, response) for response in _write_requests(client, rule, url, token, parameters)
        ]
        for url, response in requests:
            _refused(response, url, markers)
        counts["in_a"] += 1
        if "territory" not in rule.arguments:
            continue
        if any(_is_id_argument(argument) for argument in rule.arguments):
            # 2. A's ids inside B's URL space.
            url = _url(rule, ids, territory_b.slug)
            if "GET" in rule.methods:
                _refused(client.get(url), url, markers)
            for response in _write_requests(client, rule, url, token, parameters):
                _refused(response, url, markers)
            counts["with_a_ids"] += 1
            # 4. B's own row in the path, A's ids in the body (B's rows stay for the others).
            if not rule.endpoint.endswith("_delete"):
                own_url = _url(rule, b_ids, territory_b.slug)
                filled = _sent_with_a_ids(client, rule, own_url, token, parameters, markers)
                counts["forms_filled"] += filled
                counts["b_rows"] += 1
        else:
            # 3. B's own pages, with A's ids where a filter or a form would read them.
            url = _url(rule, ids, territory_b.slug)
            counts["forms_filled"] += _sent_with_a_ids(
                client, rule, url, token, parameters, markers
            )
            counts["b_pages"] += 1

    _assert_a_untouched(a_only)
    # The URL map really was walked: the app has dozens of territory routes.
    assert counts["in_a"] == len(rules) >= 50, counts
    assert counts["with_a_ids"] >= 25 and counts["b_pages"] >= 15, counts
    assert counts["b_rows"] >= 20, counts
    # Forms really were sent complete: the coordinator's many, the facilitator's outreach ones.
    assert counts["forms_filled"] >= (20 if role == Role.COORDINATOR else 3), counts


def test_the_markers_are_on_a_s_own_pages(client, make_user, demo_territory):
    """The leak check looks for strings that A's staff do see, so it can fail."""
    ids = _fill_territory_a(make_user, demo_territory)
    login(client, make_user(role=Role.COORDINATOR, territories=[demo_territory]))
    markers = _markers(demo_territory, ids)
    pages = "".join(
        client.get(url).get_data(as_text=True)
        for url in (
            "/admin/demo/",
            f"/admin/demo/consultations/{ids['consultations']}",
            f"/admin/demo/review/answers/{ids['answers']}",
            f"/admin/demo/outreach/{ids['outreach_sessions']}",
        )
    )
    assert [marker for marker in markers if marker not in pages] == []


def test_territory_owned_rules_cover_every_back_office_route_with_an_id(app):
    rules = {rule.rule for rule in territory_owned_rules(app)}
    assert "/admin/<territory>/" in rules
    assert "/admin/users/<int:user_id>/edit" in rules
    assert "/q/<token>" not in rules and "/admin/users/" not in rules
