"""The optional second factor: enrol with a code, log in with password then code, no replay,
throttled like passwords, off for facilitators, reset by an administrator."""

import re
import time

import pyotp
import pytest
from sqlalchemy import select

from consult.accounts.models import User
from consult.accounts.roles import Role
from consult.extensions import db
from tests.accounts.helpers import client_from
from tests.conftest import PASSWORD, csrf_token_from, login, submit

STEP = 30


def _enrol(client) -> str:
    """Go through the enrolment page like a person with an authenticator app; the secret."""
    page = client.get("/admin/two-step?lang=en").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    response = submit(
        client, "/admin/two-step", {"password": PASSWORD, "code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 302
    return secret


@pytest.fixture
def enrolled(make_user, demo_territory):
    """A coordinator with the second factor on, whose last accepted step is well past."""
    secret = pyotp.random_base32()
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    user.totp_secret = secret
    user.totp_last_step = int(time.time()) // STEP - 10
    db.session.commit()
    return user, pyotp.TOTP(secret)


def _password_step(client, user):
    response = submit(client, "/login", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/login/code")
    return response


def _code_step(client, code):
    return submit(client, "/login/code?lang=en", {"code": code})


def test_enrolment_shows_a_qr_code_and_the_key_and_needs_a_right_code(
    client, make_user, demo_territory
):
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    login(client, user)
    page = client.get("/admin/two-step?lang=en").get_data(as_text=True)
    assert "<svg" in page and "<?xml" not in page
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    assert len(secret) == 32
    wrong = submit(client, "/admin/two-step", {"password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 422
    assert db.session.get(User, user.id).totp_secret is None
    # Reloading keeps the same secret until enrolment completes.
    assert secret.encode() in client.get("/admin/two-step").data.replace(b" ", b"")
    without_password = submit(client, "/admin/two-step", {"code": pyotp.TOTP(secret).now()})
    assert without_password.status_code == 422
    wrong_password = submit(
        client,
        "/admin/two-step",
        {"password": "not-my-password-at-all", "code": pyotp.TOTP(secret).now()},
    )
    assert wrong_password.status_code == 422
    assert db.session.get(User, user.id).totp_secret is None
    right = submit(
        client, "/admin/two-step", {"password": PASSWORD, "code": pyotp.TOTP(secret).now()}
    )
    assert right.status_code == 302
    stored = db.session.get(User, user.id)
    assert stored.totp_secret == secret and stored.totp_last_step is not None


def test_enrolment_needs_the_csrf_token(client, make_user, demo_territory):
    user = make_user(role=Role.ADMIN, territories=[demo_territory])
    login(client, user)
    page = client.get("/admin/two-step").get_data(as_text=True)
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1).replace(" ", "")
    response = client.post(
        "/admin/two-step", data={"password": PASSWORD, "code": pyotp.TOTP(secret).now()}
    )
    assert response.status_code == 400
    assert db.session.get(User, user.id).totp_secret is None


def test_facilitators_do_not_get_the_option(client, make_user, demo_territory):
    login(client, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    assert client.get("/admin/two-step").status_code == 403
    assert "/admin/two-step" not in client.get("/admin/password").get_data(as_text=True)


def test_login_asks_for_the_code_and_is_not_logged_in_before(client, enrolled):
    user, codes = enrolled
    _password_step(client, user)
    # Between the two steps, nothing of the back office opens.
    assert client.get("/admin/demo/").status_code == 302
    wrong = _code_step(client, "123456" if codes.now() != "123456" else "654321")
    assert wrong.status_code == 401
    assert "This code is not correct." in wrong.get_data(as_text=True)
    assert client.get("/admin/demo/").status_code == 302
    right = _code_step(client, codes.now())
    assert right.status_code == 302 and right.headers["Location"].endswith("/admin/demo/")
    assert client.get("/admin/demo/").status_code == 200


def test_a_code_cannot_be_replayed(app, client, enrolled):
    user, codes = enrolled
    code = codes.now()
    _password_step(client, user)
    assert _code_step(client, code).status_code == 302
    other = app.test_client()
    _password_step(other, user)
    replay = _code_step(other, code)
    assert replay.status_code == 401
    # The next step's code still works.
    assert _code_step(other, codes.at(time.time() + STEP)).status_code == 302


def test_an_older_code_than_the_last_one_used_is_refused(client, enrolled):
    user, codes = enrolled
    user.totp_last_step = int(time.time()) // STEP + 1
    db.session.commit()
    _password_step(client, user)
    assert _code_step(client, codes.now()).status_code == 401


def test_the_code_page_needs_the_password_first(client):
    response = client.get("/login/code")
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")


def test_the_code_must_follow_the_password_within_minutes(app, client, enrolled):
    user, codes = enrolled
    _password_step(client, user)
    token = csrf_token_from(client.get("/login/code").get_data(as_text=True))
    app.config["AUTH_CLOCK"] = lambda: time.time() + 6 * 60
    try:
        code = codes.at(time.time() + 6 * 60)
        response = client.post("/login/code", data={"code": code, "csrf_token": token})
    finally:
        app.config["AUTH_CLOCK"] = None
    assert response.status_code == 302 and response.headers["Location"].endswith("/login")
    assert client.get("/admin/demo/").status_code == 302


def test_codes_are_throttled_like_passwords(limited_app, enrolled):
    user, codes = enrolled
    client = client_from(limited_app, "10.1.0.1")
    _password_step(client, user)
    wrong = "111111" if codes.now() != "111111" else "222222"
    # Codes have a count of their own (only someone with the password can fill it).
    for _ in range(5):
        assert _code_step(client, wrong).status_code == 401
    refused = _code_step(client, codes.now())
    assert refused.status_code == 429
    assert "Too many attempts for this account." in refused.get_data(as_text=True)
    # Wrong codes tell that the password is known: an unknown browser's password step is
    # refused as well.
    page = client_from(limited_app, "10.1.0.2")
    again = submit(page, "/login", {"email": user.email, "password": PASSWORD})
    assert again.status_code == 429


def test_turning_it_off_needs_a_valid_code(client, enrolled):
    user, codes = enrolled
    _password_step(client, user)
    _code_step(client, codes.now())
    refused = submit(
        client, "/admin/two-step/disable", {"code": "000000"}, page_url="/admin/two-step"
    )
    assert refused.status_code == 422
    assert db.session.get(User, user.id).totp_secret is not None
    accepted = submit(
        client,
        "/admin/two-step/disable",
        {"code": codes.at(time.time() + STEP)},
        page_url="/admin/two-step",
    )
    assert accepted.status_code == 302
    assert db.session.get(User, user.id).totp_secret is None
    # The next login asks for the password only.
    fresh = client.application.test_client()
    login(fresh, user)


def test_an_admin_resets_it_for_someone_who_lost_their_phone(
    client, make_user, demo_territory, enrolled
):
    user, _ = enrolled
    login(client, make_user(role=Role.ADMIN, territories=[demo_territory]))
    edit_page = client.get(f"/admin/users/{user.id}/edit?lang=en").get_data(as_text=True)
    assert "Reset two-step login" in edit_page
    token = csrf_token_from(edit_page)
    missing_token = client.post(f"/admin/users/{user.id}/two-step/reset")
    assert missing_token.status_code == 400
    assert db.session.get(User, user.id).totp_secret is not None
    response = client.post(f"/admin/users/{user.id}/two-step/reset", data={"csrf_token": token})
    assert response.status_code == 302
    assert db.session.get(User, user.id).totp_secret is None
    login(client.application.test_client(), user)


def test_a_coordinator_cannot_reset_someone_else(client, make_user, demo_territory, enrolled):
    user, _ = enrolled
    login(client, make_user(role=Role.COORDINATOR, territories=[demo_territory]))
    token = csrf_token_from(client.get("/admin/two-step").get_data(as_text=True))
    response = client.post(f"/admin/users/{user.id}/two-step/reset", data={"csrf_token": token})
    assert response.status_code == 403
    assert db.session.scalar(select(User.totp_secret).where(User.id == user.id)) is not None


def test_full_enrolment_then_login_with_the_code(app, client, make_user, demo_territory):
    user = make_user(role=Role.ADMIN, territories=[demo_territory])
    login(client, user)
    secret = _enrol(client)
    fresh = app.test_client()
    _password_step(fresh, user)
    # The enrolment's own code was used: the login takes the next one.
    assert _code_step(fresh, pyotp.TOTP(secret).at(time.time() + STEP)).status_code == 302


def test_a_code_typed_in_arabic_digits_is_read_as_its_digits(client, enrolled):
    user, codes = enrolled
    _password_step(client, user)
    arabic = codes.now().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert _code_step(client, f"{arabic[:3]} {arabic[3:]}").status_code == 302


def test_other_unicode_digits_never_break_the_page(client, enrolled):
    user, _ = enrolled
    _password_step(client, user)
    # Full-width and Devanagari digits: read as digits, and wrong here, so a plain refusal.
    assert _code_step(client, "１２３４５６").status_code == 401
    assert _code_step(client, "१२३४५६").status_code == 401
