from flask import g
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from consult.accounts.operations import password_context
from consult.accounts.password_rules import MIN_PASSWORD_LENGTH, password_problem
from consult.accounts.roles import Role
from consult.core.forms import Form, MultiCheckboxField, choices

ROLE_LABELS = {
    Role.FACILITATOR: _l("Facilitator"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.ADMIN: _l("Administrator"),
}


class LoginForm(Form):
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


class AcceptablePassword:
    """Shows why a password is refused next to its field (the operation checks again)."""

    def __call__(self, form, field):
        if not field.data or len(field.data) < MIN_PASSWORD_LENGTH:
            return  # Length already said so.
        # An administrator sets the password of the account in the form; others their own.
        email = form.email.data if "email" in form else current_user.email
        name = form.display_name.data if "display_name" in form else current_user.display_name
        territories = [g.territory] if g.get("territory") is not None else []
        if "email" not in form:
            territories += list(current_user.territories)
        problem = password_problem(field.data, email, password_context(name or "", territories))
        if problem:
            raise ValidationError(problem)


def _new_password_field(label, required: bool):
    validators = [DataRequired()] if required else [Optional()]
    validators += [Length(min=MIN_PASSWORD_LENGTH, max=200), AcceptablePassword()]
    return PasswordField(label, validators=validators, render_kw={"autocomplete": "new-password"})


class UserForm(Form):
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


class PasswordChangeForm(Form):
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


def _code_field():
    # \d: digits of any script (an Arabic keyboard types ١٢٣); totp.py reads them as 0-9.
    return StringField(
        _l("6-digit code"),
        validators=[
            DataRequired(),
            Regexp(r"^\s*\d{3}\s?\d{3}\s*$", message=_l("Type the 6 digits your app shows.")),
        ],
        render_kw={"autocomplete": "one-time-code", "inputmode": "numeric", "maxlength": 7},
    )


class CodeForm(Form):
    """The six digits an authenticator app shows."""

    code = _code_field()


class EnrolmentForm(Form):
    """Turning the second factor on asks for the password too: someone who found a session
    open must not be able to tie the account to their own phone."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
    code = _code_field()


TEAM_ROLE_CHOICES = [
    (role.value, ROLE_LABELS[role]) for role in (Role.FACILITATOR, Role.COORDINATOR)
]


class TeamMemberForm(Form):
    """A coordinator adds someone to their own territory's team."""

    email = EmailField(
        _l("E-mail"),
        validators=[
            DataRequired(),
            Length(max=254),
            Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Enter a valid e-mail address.")),
        ],
    )
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=choices(TEAM_ROLE_CHOICES), validators=[DataRequired()])
    password = _new_password_field(
        _l("Password (leave empty to generate one, shown once)"), required=False
    )


class TeamEditForm(Form):
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    role = SelectField(_l("Role"), choices=choices(TEAM_ROLE_CHOICES), validators=[DataRequired()])


class KioskUnlockForm(Form):
    """The facilitator's password, to take a tablet out of kiosk mode."""

    password = PasswordField(
        _l("Your password"),
        validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )
