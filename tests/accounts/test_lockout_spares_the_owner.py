"""Someone else's guesses never lock the owner out (OWASP's device cookies): after many wrong
passwords from one address, the owner still logs in from a device they used before, and at
the second step; an unknown browser stays stopped; an administrator unlocks; the owner is
told of the failed attempts at their next login."""

import re

import pyotp

from consult.accounts.known_devices import COOKIE
from consult.accounts.roles import Role
from consult.extensions import db
from tests.accounts.helpers import change_password, client_from
from tests.conftest import PASSWORD, login, submit
from tests.outreach.helpers import make_session

ATTACKER, OWNER = "203.0.113.66", "198.51.100.20"


def _attempt(client, email, password):
    return submit(client, "/login?lang=en", {"email": email, "password": password})


def _guess(app, email, times=10):
    attacker = client_from(app, ATTACKER)
    for number in range(times):
        assert _attempt(attacker, email, f"guess-number-{number}-x").status_code in (401, 429)
    return attacker


def _owner_device(app, user):
    """The owner's phone: it logged in (and out) before."""
    phone = client_from(app, OWNER)
    login(phone, user)
    assert phone.get_cookie(COOKIE, path="/login") is not None
    submit(phone, "/logout", {}, page_url="/admin/demo/")
    return phone


def test_ten_wrong_passwords_elsewhere_do_not_lock_the_owner_s_phone(
    limited_app, make_user, demo_territory
):
    user = make_user(territories=[demo_territory])
    phone = _owner_device(limited_app, user)
    attacker = _guess(limited_app, user.email)
    # The attacker, and any browser the account never logged in from, are stopped...
    assert _attempt(attacker, user.email, PASSWORD).status_code == 429
    assert (
        _attempt(client_from(limited_app, "198.51.100.21"), user.email, PASSWORD).status_code == 429
    )
    # ...the owner's phone is not; it hears of all twelve attempts.
    response = _attempt(phone, user.email, PASSWORD)
    assert response.status_code == 302
    page = phone.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert re.search(r"12 failed login attempts on your account since your last login", page)
    # Told once: the count starts again.
    db.session.refresh(user)
    assert user.failed_logins == 0


def test_a_forged_or_other_account_s_device_cookie_earns_nothing(
    limited_app, make_user, demo_territory
):
    user = make_user(territories=[demo_territory])
    colleague = make_user(territories=[demo_territory])
    shared = _owner_device(limited_app, colleague)
    _guess(limited_app, user.email)
    # A device known for the colleague is unknown for this account.
    assert _attempt(shared, user.email, PASSWORD).status_code == 429
    forged = client_from(limited_app, OWNER)
    forged.set_cookie(COOKIE, "eyJmb3JnZWQiOiJ5ZXMifQ.AAAA.BBBB", path="/login")
    assert _attempt(forged, user.email, PASSWORD).status_code == 429


def test_the_owner_s_device_has_its_own_limit(limited_app, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    phone = _owner_device(limited_app, user)
    for _ in range(5):
        assert _attempt(phone, user.email, "my-own-typo-again").status_code == 401
    assert _attempt(phone, user.email, PASSWORD).status_code == 429


def test_the_second_step_is_not_locked_by_others_guesses(limited_app, make_user, demo_territory):
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    secret = pyotp.random_base32()
    user.totp_secret = secret
    db.session.commit()
    phone = client_from(limited_app, OWNER)
    assert _attempt(phone, user.email, PASSWORD).headers["Location"].endswith("/login/code")
    code = pyotp.TOTP(secret).now()
    assert submit(phone, "/login/code", {"code": code}).status_code == 302
    submit(phone, "/logout", {}, page_url="/admin/demo/")
    _guess(limited_app, user.email)
    db.session.execute(db.text("UPDATE users SET totp_last_step = 0"))
    db.session.commit()
    assert _attempt(phone, user.email, PASSWORD).headers["Location"].endswith("/login/code")
    response = submit(phone, "/login/code", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302 and response.headers["Location"].endswith("/admin/demo/")


def test_an_administrator_unlocks_the_account(limited_app, make_user, demo_territory):
    user = make_user(territories=[demo_territory])
    _guess(limited_app, user.email)
    new_laptop = client_from(limited_app, "198.51.100.22")
    assert _attempt(new_laptop, user.email, PASSWORD).status_code == 429
    admin = client_from(limited_app, "198.51.100.23")
    login(admin, make_user(role=Role.ADMIN))
    response = submit(
        admin, f"/admin/users/{user.id}/unlock", {}, page_url=f"/admin/users/{user.id}/edit"
    )
    assert response.status_code == 302
    assert _attempt(new_laptop, user.email, PASSWORD).status_code == 302


def test_strangers_guesses_never_stop_the_logged_in_owner_typing_their_password_again(
    limited_app, make_user, demo_territory
):
    """Warned of the attempts, the owner chooses a new password; a facilitator takes the
    tablet back from kiosk mode: both type the password again inside their login, which
    strangers' guesses at /login do not reach."""
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    laptop = client_from(limited_app, OWNER)
    login(laptop, user)
    tablet = client_from(limited_app, "198.51.100.24")
    login(tablet, user)
    outreach = make_session(demo_territory, facilitators=[user])
    kiosk_url = f"/admin/demo/outreach/kiosk/{outreach.id}/"
    assert tablet.get(kiosk_url).status_code == 200
    assert "/admin/unlock" in tablet.get("/admin/demo/").headers["Location"]

    _guess(limited_app, user.email)
    assert (
        _attempt(client_from(limited_app, "198.51.100.25"), user.email, PASSWORD).status_code == 429
    )
    unlocked = submit(tablet, "/admin/unlock", {"password": PASSWORD})
    assert unlocked.status_code == 302, unlocked.get_data(as_text=True)
    assert tablet.get("/admin/demo/").status_code == 200
    _guess(limited_app, user.email)
    assert change_password(laptop, "a-new-long-password-for-me", language="en").status_code == 302


def test_a_stolen_login_still_cannot_guess_the_password_faster_than_the_login_page(
    limited_app, make_user, demo_territory
):
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    thief = client_from(limited_app, ATTACKER)
    login(thief, user)
    for number in range(5):
        wrong = submit(
            thief,
            "/admin/password?lang=en",
            {
                "current_password": f"guess-number-{number}-x",
                "new_password": "the-thief-s-own-password",
                "confirm": "the-thief-s-own-password",
            },
        )
        assert wrong.status_code == 422
    assert change_password(thief, "the-thief-s-own-password", language="en").status_code == 429
