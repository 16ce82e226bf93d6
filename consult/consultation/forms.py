from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.config import UI_LANGUAGES
from consult.consultation.retention import (
    DEFAULT_RETENTION_DAYS,
    MAX_RETENTION_DAYS,
    MIN_RETENTION_DAYS,
)
from consult.consultation.vocabulary import (
    AUDIENCE_GROUPS,
    AUDIENCE_LABELS,
    CHANNEL_KIND_LABELS,
    PURPOSE_LABELS,
    STATUS_LABELS,
)
from consult.core.forms import Form, MultiCheckboxField, choices, translatable
from consult.core.languages import native_name
from consult.diagnostic.vocabulary import QUADRANT_SINGULAR


@translatable("title", _l("Title"), max_length=200)
@translatable(
    "intro", _l("Introduction (first screen)"), required=False, textarea=True, max_length=600
)
@translatable(
    "restitution",
    _l("What happens next (thanks page, public summary)"),
    required=False,
    textarea=True,
    max_length=3000,
)
class ConsultationForm(Form):
    status = SelectField(
        _l("Status"),
        choices=choices([(status.value, label) for status, label in STATUS_LABELS.items()]),
        validators=[InputRequired()],
    )
    opens_on = DateField(_l("Opens on"), validators=[InputRequired()])
    closes_on = DateField(_l("Closes on"), validators=[InputRequired()])
    results_on = DateField(_l("Results shared from"), validators=[Optional()])
    languages = MultiCheckboxField(
        _l("Languages offered (French always)"),
        choices=choices([(code, native_name(code)) for code in UI_LANGUAGES]),
        validators=[Optional()],
    )
    audiences = MultiCheckboxField(
        _l("Who is asked"),
        choices=choices(list(AUDIENCE_GROUPS.items())),
        validators=[DataRequired(message=_l("Choose at least one audience."))],
    )
    orientation_ids = MultiCheckboxField(
        _l("Orientations it asks about"), coerce=int, validators=[Optional()]
    )
    axis_ids = MultiCheckboxField(_l("Axes it asks about"), coerce=int, validators=[Optional()])
    time_budget_seconds = IntegerField(
        _l("Time budget for one respondent (seconds)"),
        default=120,
        validators=[Optional(), NumberRange(30, 1200)],
        description=_l(
            "Each respondent answers every question of their audience but the action choices: "
            "of those, each is given the ones that fit this time, in turn, so that over the "
            "consultation every orientation's actions are asked. 2 minutes by default."
        ),
    )
    retention_days = IntegerField(
        _l("Keep the families' written answers for (days after closing)"),
        default=DEFAULT_RETENTION_DAYS,
        # Left empty, the consultation keeps its period (a year for a new one).
        validators=[Optional(), NumberRange(MIN_RETENTION_DAYS, MAX_RETENTION_DAYS)],
        description=_l(
            "After this period, the words families wrote (and their French meaning) are deleted "
            "for good. Kept: the number of responses, priorities, chosen actions, the coding "
            "(axis, quadrant, orientation) and the SWOT items and actions drawn from them. "
            "Between 30 and 3650 days."
        ),
    )


@translatable(
    "prompt",
    _l("Wording"),
    required=False,
    textarea=True,
    max_length=500,
)
class QuestionForm(Form):
    """The question builder: the purpose decides what the answer feeds and which of the
    fields below it uses (the operation drops the others)."""

    audience = SelectField(
        _l("Asked to"),
        choices=choices([(audience.value, label) for audience, label in AUDIENCE_LABELS.items()]),
        validators=[InputRequired()],
    )
    purpose = SelectField(
        _l("What the answer feeds"),
        choices=choices([(purpose.value, label) for purpose, label in PURPOSE_LABELS.items()]),
        validators=[InputRequired()],
    )
    orientation_id = SelectField(
        _l("Orientation (priority, action choice, open proposal)"),
        coerce=int,
        validators=[Optional()],
    )
    quadrant = SelectField(
        _l("SWOT quadrant (SWOT prompt)"),
        choices=choices(
            [("", _l("None"))]
            + [(quadrant.value, label) for quadrant, label in QUADRANT_SINGULAR.items()]
        ),
        validators=[Optional()],
    )
    axis_id = SelectField(
        _l("Axis (SWOT prompt, open proposal; optional)"), coerce=int, validators=[Optional()]
    )
    max_choices = IntegerField(
        _l("Most choices allowed (action choice)"),
        default=2,
        validators=[InputRequired(), NumberRange(1, 10)],
    )
    options = TextAreaField(
        _l("Choices, one per line (profile question)"),
        validators=[Optional(), Length(max=3000)],
    )
    screen = IntegerField(
        _l("Screen (2 to 9)"), default=2, validators=[InputRequired(), NumberRange(2, 9)]
    )
    position = IntegerField(
        _l("Order on the screen"), default=0, validators=[InputRequired(), NumberRange(0, 99)]
    )
    is_active = BooleanField(_l("Asked"), default=True)


class ChannelForm(Form):
    consultation_id = SelectField(_l("Consultation"), coerce=int, validators=[InputRequired()])
    name = StringField(
        _l("Name (e.g. the school's name)"), validators=[DataRequired(), Length(max=120)]
    )
    kind = SelectField(
        _l("Kind"),
        choices=choices([(kind.value, label) for kind, label in CHANNEL_KIND_LABELS.items()]),
        validators=[InputRequired()],
    )
    orientation_id = SelectField(
        _l("Focus on one orientation"), coerce=int, validators=[Optional()]
    )
    is_retired = BooleanField(_l("Retired (the QR code shows a helpful page instead of the form)"))


class ConfirmForm(Form):
    """Only the CSRF token: the user confirmed a change shown to them."""


class MoveForm(Form):
    """Only the CSRF token: the direction is in the URL."""


class PurgeTestsForm(Form):
    """Only the CSRF token: the consultation is in the URL."""


class DeleteResponseForm(Form):
    response_id = IntegerField(
        _l("Response number"), validators=[InputRequired(), NumberRange(1, 2**31 - 1)]
    )
    reason = StringField(
        _l("Why is it deleted?"),
        description=_l("Kept in the staff trail with your name and the date."),
        validators=[DataRequired(), Length(5, 300)],
    )
