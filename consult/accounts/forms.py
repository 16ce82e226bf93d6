from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from consult.accounts.roles import Role
from consult.core.forms import MultiCheckboxField, choices

MIN_PASSWORD_LENGTH = 12

ROLE_LABELS = {
    Role.FACILITATOR: _l("Facilitator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}


class LoginForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Length(max=254)],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


def _new_password_field(label, required: bool):
    validators = [DataRequired()] if required else [Optional()]
    validators.append(Length(min=MIN_PASSWORD_LENGTH, max=200))
    return PasswordField(label, validators=validators, render_kw={"autocomplete": "new-password"})


class UserForm(FlaskForm):
    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter a valid e-mail address.")),
        ],
    )
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(
        _l("Role"),
        choices=choices([(role.value, label) for role, label in ROLE_LABELS.items()]),
        validators=[DataRequired()],
    )
    territory_ids = MultiCheckboxField(_l("Territories"), coerce=int, validators=[Optional()])
    is_active = BooleanField(_l("Account active"), default=True)
    password = _new_password_field(_l("New password (at least 12 characters)"), required=False)


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        _l("Current password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    new_password = _new_password_field(_l("New password (at least 12 characters)"), required=True)
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(),
            EqualTo("new_password", message=_l("The two passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )
