"""Every login has a row on the server: logout, a new password, deactivation and "log out
everywhere" delete it, so a copy of the session cookie (saved by someone else, or on another
device) is refused afterwards, whichever address it comes from."""

from sqlalchemy import func, select

from consult.accounts.models import StaffSession
from consult.accounts.roles import Role
from consult.extensions import db
from tests.accounts.helpers import change_password, client_from
from tests.conftest import login, submit

EXPORT = "/admin/demo/review/exports/answers.csv"


def _copy_of(app, client, address):
    """Someone else's browser holding a copy of ``client``'s session cookie."""
    thief = client_from(app, address)
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def _refused(response) -> bool:
    return response.status_code == 302 and "/login" in response.headers["Location"]


def test_a_cookie_saved_before_logout_is_refused_after_it(app, make_user, demo_territory):
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    owner = client_from(app, "198.51.100.1")
    login(owner, user)
    thief = _copy_of(app, owner, "203.0.113.9")
    assert thief.get(EXPORT).status_code == 200
    submit(owner, "/logout", {}, page_url="/admin/demo/")
    assert _refused(thief.get(EXPORT))
    assert _refused(thief.get("/admin/demo/"))
    assert db.session.scalar(select(func.count(StaffSession.id))) == 0


def test_log_out_everywhere_ends_every_device_and_copy(app, make_user, demo_territory):
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    phone, laptop = client_from(app, "198.51.100.2"), client_from(app, "198.51.100.3")
    login(phone, user)
    login(laptop, user)
    copy = _copy_of(app, laptop, "203.0.113.10")
    response = submit(phone, "/admin/sessions/end-all", {}, page_url="/admin/password")
    assert response.status_code == 302
    for client in (phone, laptop, copy):
        assert _refused(client.get("/admin/demo/"))
    login(laptop, user)
    assert laptop.get("/admin/demo/").status_code == 200


def test_a_new_password_ends_copies_of_other_logins_but_not_this_one(
    app, make_user, demo_territory
):
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    mine, other = client_from(app, "198.51.100.4"), client_from(app, "198.51.100.5")
    login(mine, user)
    login(other, user)
    assert change_password(mine, "une-autre-phrase-bien-longue").status_code == 302
    assert mine.get("/admin/demo/").status_code == 200
    assert _refused(other.get("/admin/demo/"))
    assert db.session.scalar(select(func.count(StaffSession.id))) == 1


def test_a_deactivated_account_s_logins_end(app, make_user, demo_territory):
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    theirs = client_from(app, "198.51.100.6")
    login(theirs, user)
    admin = client_from(app, "198.51.100.7")
    login(admin, make_user(role=Role.ADMIN))
    response = submit(
        admin,
        f"/admin/users/{user.id}/edit",
        {"email": user.email, "display_name": user.display_name, "role": "facilitator",
         "territory_ids": [demo_territory.id]},
    )  # fmt: skip
    assert response.status_code == 302
    assert _refused(theirs.get("/admin/demo/"))
    assert db.session.scalar(select(func.count()).where(StaffSession.user_id == user.id)) == 0


def test_a_forged_or_missing_login_token_is_refused(app, make_user, demo_territory):
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    client = client_from(app, "198.51.100.8")
    login(client, user)
    with client.session_transaction() as session:
        session["auth_session"] = "a-token-the-server-never-gave"
    assert _refused(client.get("/admin/demo/"))
    login(client, user)
    with client.session_transaction() as session:
        del session["auth_session"]
    assert _refused(client.get("/admin/demo/"))
