from flask_babel import lazy_gettext as _l
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
from consult.diagnostic.vocabulary import (
    ACTION_ORIGIN_LABELS,
    PHASE_LABELS,
    QUADRANT_SINGULAR,
    VOICE_LABELS,
)
from consult.diagnostic.wording import FAMILY_AUDIENCES, MAX_MEANING, MAX_TITLE


@translatable("title", _l("Title"), max_length=200)
@translatable("description", _l("Description"), required=False, textarea=True, max_length=2000)
class AxisForm(Form):
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(1, 20)])


class WorkshopForm(Form):
    phase = RadioField(
        _l("Phase"),
        choices=choices([(phase, label) for phase, label in PHASE_LABELS.items()]),
        coerce=int,
        validators=[InputRequired()],
    )
    axis_id = SelectField(_l("Axis"), coerce=int, validators=[InputRequired()])
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    head_count = IntegerField(
        _l("Number of people"), validators=[InputRequired(), NumberRange(0, 100000)]
    )
    objectives = TextAreaField(_l("Objectives"), validators=[Optional(), Length(max=2000)])


class SwotItemForm(Form):
    axis_id = SelectField(_l("Axis"), coerce=int, validators=[InputRequired()])
    quadrant = RadioField(
        _l("Quadrant"),
        choices=choices([(quadrant.value, label) for quadrant, label in QUADRANT_SINGULAR.items()]),
        validators=[InputRequired()],
    )
    statement = TextAreaField(_l("Statement"), validators=[DataRequired(), Length(min=3, max=1000)])
    voice = SelectField(
        _l("Voice"),
        choices=choices([(voice.value, label) for voice, label in VOICE_LABELS.items()]),
        validators=[InputRequired()],
    )
    source = StringField(_l("Source"), validators=[Optional(), Length(max=200)])
    workshop_id = SelectField(_l("Workshop"), coerce=int, validators=[Optional()])
    weight = RadioField(
        _l("Weight (1 = minor, 5 = major)"),
        choices=choices([(weight, str(weight)) for weight in range(1, 6)]),
        coerce=int,
        default=3,
        validators=[InputRequired()],
    )
    orientation_ids = MultiCheckboxField(
        _l("Orientations it led to"), coerce=int, validators=[Optional()]
    )
    is_illustrative = BooleanField(_l("Illustrative example (not said by anyone)"))


FAMILY_WORDING_LABELS = {
    "parent": (_l("Title for parents"), _l("What this means, for parents (one line)")),
    "child": (_l("Title for children"), _l("What this means, for children (one line)")),
    "young": (_l("Title for young people"), _l("What this means, for young people (one line)")),
}


def family_wording_fields(form_cls):
    """A plain title and a one-line meaning per audience, in every language, beside the
    professional title (fields ``<audience>_title`` and ``<audience>_meaning``)."""
    for audience in reversed(FAMILY_AUDIENCES):
        title_label, meaning_label = FAMILY_WORDING_LABELS[audience]
        form_cls = translatable(
            f"{audience}_meaning", meaning_label, required=False, max_length=MAX_MEANING
        )(form_cls)
        form_cls = translatable(
            f"{audience}_title", title_label, required=False, max_length=MAX_TITLE
        )(form_cls)
    return form_cls


@translatable("title", _l("Title (professionals' wording)"), max_length=300)
@translatable(
    "family_title", _l("Title for families (plain words)"), required=False, max_length=200
)
@translatable("description", _l("Description"), required=False, textarea=True, max_length=3000)
@family_wording_fields
class OrientationForm(Form):
    number = IntegerField(_l("Number"), validators=[InputRequired(), NumberRange(1, 99)])
    axis_ids = MultiCheckboxField(_l("Axes it serves"), coerce=int, validators=[Optional()])
    validated_on = DateField(_l("Validated by the steering committee on"), validators=[Optional()])
    validated_by = StringField(_l("Validated by"), validators=[Optional(), Length(max=200)])


@translatable("title", _l("Title (professionals' wording)"), max_length=500)
@translatable("description", _l("Description"), required=False, textarea=True, max_length=3000)
@family_wording_fields
class ActionForm(Form):
    orientation_id = SelectField(_l("Orientation"), coerce=int, validators=[InputRequired()])
    position = IntegerField(
        _l("Position in the list"), default=0, validators=[InputRequired(), NumberRange(0, 999)]
    )
    origin = SelectField(
        _l("Origin"),
        choices=choices([(origin.value, label) for origin, label in ACTION_ORIGIN_LABELS.items()]),
        validators=[InputRequired()],
    )
