"""Script payloads typed into every back-office form stay text on every page that shows them."""

import itertools

from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Channel, Consultation, Question
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem
from consult.extensions import db
from consult.outreach.models import OutreachSession
from tests.conftest import csrf_token_from
from tests.outreach.helpers import make_session
from tests.security.forms import filled, forms_in
from tests.security.markup import PAYLOADS, SHORT_PAYLOAD, assert_inert
from tests.security.pages import every_page
from tests.test_route_matrix import _sample_values, sample_ids

# Forms that end the test's session or destroy what it typed.
SKIPPED_ENDPOINTS = {"accounts.login", "accounts.change_password"}
SKIPPED_ACTIONS = ("/logout", "/delete", "/move/")


def _fill_every_form(app, client, ids) -> tuple[list[str], list[str]]:
    payloads = itertools.cycle(PAYLOADS)
    saved, refused = [], []
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or "GET" not in rule.methods:
            continue
        if rule.endpoint in SKIPPED_ENDPOINTS or rule.endpoint.endswith("_delete"):
            continue
        url = rule.build(_sample_values(rule, ids), append_unknown=False)[1]
        page = client.get(url)
        if page.status_code != 200:
            continue
        for form in forms_in(page.get_data(as_text=True)):
            if form.method != "post" or form.action.endswith(SKIPPED_ACTIONS):
                continue
            if form.action not in ("", url) or not form.text_fields:
                continue
            # Once with the payloads; if refused, with a short one and another number, since
            # some fields are short and some numbers unique.
            attempts = ((lambda: next(payloads), "3"), (lambda: SHORT_PAYLOAD, "9"))
            for next_payload, number in attempts:
                # The token of the page just loaded: each form may change what the next shows.
                token = csrf_token_from(client.get(url).get_data(as_text=True))
                data = filled(form, next_payload, number=number) | {"csrf_token": token}
                response = client.post(url, data=data)
                assert response.status_code < 500, url
                # A refused form shows the payload again, still inert.
                assert_inert(response, f"POST {url}")
                if response.status_code == 302:
                    saved.append(f"{url} {form.buttons[:1]}")
                    break
            else:
                refused.append(f"{url} {form.buttons[:1]}")
    return saved, refused


def _key_a_paper_sheet(client, session):
    """A paper sheet's reference must be its session's: the one form not filled blindly."""
    url = f"/admin/demo/outreach/{session.id}/paper-entry/parent"
    payloads = itertools.cycle(PAYLOADS)
    html = client.get(url).get_data(as_text=True)
    (form,) = [form for form in forms_in(html) if form.text_fields]
    data = filled(form, lambda: next(payloads)) | {
        "reference": session.reference,
        "sheet_number": "7",
        "csrf_token": csrf_token_from(html),
    }
    response = client.post(url, data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def _payloads_reached_every_kind_of_content():
    def has_payload(column):
        return any("xss" in str(value) for value in db.session.scalars(select(column)))

    for column in (
        Consultation.title,
        Question.prompt,
        Question.options,
        Orientation.family_title,
        Axis.title,
        SwotItem.statement,
        Orientation.title,
        Action.title,
        Channel.name,
        OutreachSession.place,
        OutreachSession.notes,
        Answer.text,
    ):
        assert has_payload(column), f"no payload reached {column}"


def test_payloads_in_back_office_forms_are_shown_as_text(app, as_role, make_user, demo_territory):
    client = as_role(Role.ADMIN)
    session = make_session(demo_territory)
    ids = sample_ids(make_user, demo_territory)

    saved, refused = _fill_every_form(app, client, ids)
    assert len(saved) >= 25, refused
    _key_a_paper_sheet(client, session)
    _payloads_reached_every_kind_of_content()

    shown = 0
    for url, response in every_page(app, client, ids):
        assert response.status_code < 500, url
        assert_inert(response, url)
        shown += response.mimetype == "text/html" and "xss" in response.get_data(as_text=True)
    assert shown >= 20
