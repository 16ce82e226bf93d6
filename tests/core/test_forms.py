"""Typed text reaches validation, queries and storage without control characters, on every
form; passwords stay exactly as typed."""

from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from wtforms import PasswordField, StringField, TextAreaField

from consult.accounts.roles import Role
from consult.core.forms import Form
from consult.diagnostic.models import Axis, Territory
from consult.extensions import db
from tests.conftest import login, submit

DIRTY = "\x00 Cafe\u0301\x1b des\u200b  parents\x85 "


class _SampleForm(Form):
    class Meta:
        csrf = False

    title = StringField()
    notes = TextAreaField()
    password = PasswordField()


def test_text_fields_are_cleaned_and_passwords_are_not(app):
    with app.test_request_context("/", method="POST"):
        form = _SampleForm(
            formdata=MultiDict(
                {"title": DIRTY, "notes": "ligne\x00 un\r\nligne  deux", "password": DIRTY}
            )
        )
        assert form.title.data == "Café des  parents"
        # Inner spacing and indentation stay as typed.
        assert form.notes.data == "ligne un\nligne  deux"
        assert form.password.data == DIRTY


def test_a_territory_name_with_a_nul_byte_is_stored_clean(client, make_user):
    login(client, make_user(role=Role.ADMIN))
    response = submit(
        client, "/admin/territories/new", {"slug": "\x00nord-est\x1b", "name": "Nord\x00 Est"}
    )
    assert response.status_code == 302
    territory = db.session.scalar(select(Territory).filter_by(slug="nord-est"))
    assert territory.name == "Nord Est"


def test_a_translated_title_with_control_characters_is_stored_clean(as_role):
    client = as_role(Role.COORDINATOR)
    response = submit(
        client,
        "/admin/demo/axes/new",
        {"number": 9, "title__fr": "Sant\x00é\x07", "title__ar": "\u200bالصحة\x1b"},
    )
    assert response.status_code == 302
    axis = db.session.scalar(select(Axis).filter_by(number=9))
    assert axis.title == {"fr": "Santé", "ar": "الصحة"}
