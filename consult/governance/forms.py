from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.core.forms import Form, MultiCheckboxField, choices, translatable
from consult.governance.vocabulary import (
    BODY_KIND_LABELS,
    DECISION_KIND_LABELS,
    EVENT_KIND_LABELS,
    ORIENTATION_DECISIONS,
    PARTNER_KIND_LABELS,
    PROPOSAL_DECISIONS,
)


class PartnerForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"),
        choices=choices([(kind.value, label) for kind, label in PARTNER_KIND_LABELS.items()]),
        validators=[InputRequired()],
    )


class BodyForm(Form):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=200)])
    kind = SelectField(
        _l("Kind"),
        choices=choices([(kind.value, label) for kind, label in BODY_KIND_LABELS.items()]),
        validators=[InputRequired()],
    )


class EventForm(Form):
    kind = RadioField(
        _l("Kind"),
        choices=choices([(kind.value, label) for kind, label in EVENT_KIND_LABELS.items()]),
        default="meeting",
        validators=[InputRequired()],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    starts_on = DateField(_l("Date (or start of the period)"), validators=[InputRequired()])
    ends_on = DateField(_l("End of the period"), validators=[Optional()])
    date_precision = RadioField(
        _l("The date is known"),
        choices=choices([("day", _l("to the day")), ("month", _l("to the month"))]),
        default="day",
        validators=[InputRequired()],
    )
    body_id = SelectField(_l("Body"), coerce=int, validators=[Optional()])
    partner_ids = MultiCheckboxField(_l("Partners present"), coerce=int, validators=[Optional()])
    professionals_present = IntegerField(
        _l("Professionals present"), validators=[Optional(), NumberRange(0, 10000)]
    )
    elected_present = IntegerField(
        _l("Elected officials present"), validators=[Optional(), NumberRange(0, 10000)]
    )
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)])
    minutes = TextAreaField(_l("Minutes"), validators=[Optional(), Length(max=20000)])
    is_illustrative = BooleanField(_l("Illustrative example (not from the record)"))


class MinutesForm(Form):
    minutes_pdf = FileField(_l("Minutes as PDF (5 MB at most)"))


@translatable(
    "reason", _l("Reason, written for families"), textarea=True, required=False, max_length=1000
)
class ProposalDecisionForm(Form):
    action_id = SelectField(_l("Proposed action"), coerce=int, validators=[InputRequired()])
    kind = RadioField(
        _l("Decision"),
        choices=choices([(kind.value, DECISION_KIND_LABELS[kind]) for kind in PROPOSAL_DECISIONS]),
        validators=[InputRequired()],
    )
    merged_into_id = SelectField(
        _l("Merged into (when merged)"), coerce=int, validators=[Optional()]
    )


@translatable(
    "reason", _l("Reason, written for families"), textarea=True, required=False, max_length=1000
)
@translatable("new_title", _l("Amended title (when amended)"), required=False, max_length=300)
class OrientationDecisionForm(Form):
    orientation_id = SelectField(_l("Orientation"), coerce=int, validators=[InputRequired()])
    kind = RadioField(
        _l("Decision"),
        choices=choices(
            [(kind.value, DECISION_KIND_LABELS[kind]) for kind in ORIENTATION_DECISIONS]
        ),
        validators=[InputRequired()],
    )
