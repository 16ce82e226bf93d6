"""Bodies over MAX_CONTENT_LENGTH are refused with 413 and a page in the visitor's language;
huge values inside the limit get a clear message; nothing of the sort ends in a 500."""

import json

from consult.accounts.roles import Role
from tests.conftest import csrf_token_from
from tests.consultation.helpers import channel, fields_on, post_screen
from tests.outreach.helpers import make_session

TOO_LARGE = {
    "fr": "Votre envoi est trop lourd.",
    "ar": "ما أرسلتموه كبير جدًا.",
    "en": "What you sent is too large.",
}


def _over_the_limit(app) -> str:
    return "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)


def test_a_body_too_large_for_the_public_form_gets_413_in_the_visitors_language(
    app, client, demo_territory, app_context
):
    gate = channel()
    for language, message in TOO_LARGE.items():
        client.get(f"/r/{gate.token}/?lang={language}")
        response = client.post(f"/r/{gate.token}/", data={"respondent_kind": _over_the_limit(app)})
        assert response.status_code == 413
        assert message in response.get_data(as_text=True)
        assert response.mimetype == "text/html"


def test_a_body_too_large_for_the_kiosk_sync_gets_413(app, as_role, demo_territory):
    client = as_role(Role.FACILITATOR)
    session = make_session(demo_territory)
    body = json.dumps({"session": session.id, "answers": {"1": _over_the_limit(app)}})
    response = client.post(
        "/admin/demo/outreach/kiosk/sync",
        data=body,
        content_type="application/json",
        headers={"Origin": "http://localhost"},
    )
    assert response.status_code == 413


def test_a_body_too_large_for_a_back_office_form_gets_413(app, as_role):
    client = as_role(Role.COORDINATOR)
    token = csrf_token_from(client.get("/admin/demo/axes/new").get_data(as_text=True))
    response = client.post(
        "/admin/demo/axes/new", data={"csrf_token": token, "title__fr": _over_the_limit(app)}
    )
    assert response.status_code == 413
    assert TOO_LARGE["fr"] in response.get_data(as_text=True)


HUGE_QUERY = "9" * 20000


HUGE_QUERIES = [
    "/r/{token}/?lang={huge}",
    "/r/{token}/?{huge}={huge}",
    "/s/{token}?lang={huge}",
    "/q/{token}?x={huge}",
    "/admin/demo/review/?page={huge}&per_page={huge}&consultation={huge}&channel={huge}",
    "/admin/demo/review/exports/answers.csv?consultation={huge}&language={huge}",
    "/admin/demo/review/answers/1?page={huge}",
    "/admin/demo/?lang={huge}",
]


def test_a_huge_query_string_is_never_a_server_error(as_role, demo_territory):
    client = as_role(Role.COORDINATOR)
    for path in HUGE_QUERIES:
        url = path.format(token=channel().token, huge=HUGE_QUERY)
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 404), (path, response.status_code)


def test_a_huge_answer_inside_the_limit_gets_a_clear_message(client, demo_territory, app_context):
    gate = channel()
    response, _ = post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    last_screen = f"/r/{gate.token}/4"
    html = client.get(last_screen).get_data(as_text=True)
    huge = "a" * 200_000
    response, _ = post_screen(client, last_screen, {fields_on(html)[0]: huge})
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1000" in page
    assert 'class="field-errors"' in page


def test_a_huge_title_inside_the_limit_gets_a_clear_message(app, as_role):
    client = as_role(Role.COORDINATOR)
    token = csrf_token_from(client.get("/admin/demo/axes/new").get_data(as_text=True))
    response = client.post(
        "/admin/demo/axes/new",
        data={"csrf_token": token, "number": "9", "title__fr": "a" * 200_000},
    )
    assert response.status_code == 422
    assert "field-errors" in response.get_data(as_text=True)
