from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.config import UI_LANGUAGES
from consult.consultation.respond_forms import screen_form_class
from consult.consultation.vocabulary import AUDIENCE_GROUPS
from consult.core.forms import Form, MultiCheckboxField, choices
from consult.core.languages import native_name
from consult.outreach.models import DEFAULT_MAX_GROUP_SIZE, GROUP_SIZE_CEILING, LARGE_GROUP

LANGUAGE_CHOICES = [(code, native_name(code)) for code in UI_LANGUAGES]


class SessionForm(Form):
    place = StringField(
        _l("Place (e.g. Saturday market, social centre)"),
        validators=[DataRequired(), Length(max=200)],
    )
    partner = StringField(
        _l("Partner (e.g. Maison des Solidarités, CAF, an association)"),
        validators=[Optional(), Length(max=200)],
    )
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    consultation_id = SelectField(_l("Consultation"), coerce=int, validators=[InputRequired()])
    channel_id = SelectField(
        _l("Channel (its QR code goes on the paper forms)"), coerce=int, validators=[Optional()]
    )
    facilitator_ids = MultiCheckboxField(_l("Facilitators"), coerce=int, validators=[Optional()])
    people_met = IntegerField(
        _l("People met (answering or not)"),
        default=0,
        validators=[InputRequired(), NumberRange(0, 10000)],
    )
    languages = MultiCheckboxField(
        _l("Languages used"), choices=choices(LANGUAGE_CHOICES), validators=[Optional()]
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)])
    max_group_size = IntegerField(
        _l("Largest group answer accepted (people)"),
        default=DEFAULT_MAX_GROUP_SIZE,
        validators=[Optional(), NumberRange(2, GROUP_SIZE_CEILING)],
    )
    is_closed = BooleanField(
        _l("Closed (tablets may still send the answers they kept offline, marked late)")
    )


def group_form_class(questions, kinds: list[str]):
    """The session's questions for one audience, plus who the group was."""

    class GroupForm(screen_form_class(questions)):
        group_size = IntegerField(
            _l("How many people took part in the discussion"),
            validators=[InputRequired(), NumberRange(2, GROUP_SIZE_CEILING)],
        )
        large_group_confirmed = BooleanField(
            lazy_ngettext(
                "I confirm the number of people (needed from %(num)s person on)",
                "I confirm the number of people (needed from %(num)s people on)",
                LARGE_GROUP,
            )
        )
        kinds_present = MultiCheckboxField(
            _l("Who was in the group"),
            choices=choices([(kind, AUDIENCE_GROUPS[kind]) for kind in kinds]),
            validators=[DataRequired(message=_l("Say who was in the group."))],
        )
        language = SelectField(
            _l("Language of the discussion"),
            choices=choices(LANGUAGE_CHOICES),
            validators=[InputRequired()],
        )

    return GroupForm


def paper_form_class(questions, kinds: list[str]):
    """One paper sheet, keyed in: its reference and number, then its answers."""

    class PaperForm(screen_form_class(questions)):
        reference = StringField(
            _l("Reference printed on the sheet"),
            validators=[DataRequired(), Length(max=20)],
            render_kw={"autocomplete": "off", "autocapitalize": "characters", "autofocus": True},
        )
        sheet_number = IntegerField(
            _l("Sheet number (write it on the sheet)"),
            validators=[InputRequired(), NumberRange(1, 99999)],
            render_kw={"autocomplete": "off", "inputmode": "numeric"},
        )
        kind = SelectField(
            _l("Who answered"),
            choices=choices([(kind, AUDIENCE_GROUPS[kind]) for kind in kinds]),
            validators=[InputRequired()],
        )
        language = SelectField(
            _l("Language of the sheet"),
            choices=choices(LANGUAGE_CHOICES),
            validators=[InputRequired()],
        )

    return PaperForm
