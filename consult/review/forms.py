from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from consult.core.forms import Form, MultiCheckboxField, choices
from consult.diagnostic.vocabulary import QUADRANT_SINGULAR


class BulkForm(Form):
    """One decision for the answers ticked: approve, hide, code the same way, or attach to
    one SWOT item. The coding and item fields count only for their own decision."""

    answer_ids = MultiCheckboxField(_l("Answers"), coerce=int, validators=[Optional()])
    decision = RadioField(
        _l("Decision"),
        choices=choices(
            [
                ("approve", _l("Approve")),
                ("hide", _l("Hide")),
                ("code", _l("Code the answers")),
                ("attach", _l("Attach to a SWOT item")),
            ]
        ),
        validators=[InputRequired()],
    )
    quadrant = SelectField(
        _l("Quadrant"),
        choices=choices(
            [("", "—")] + [(quadrant.value, label) for quadrant, label in QUADRANT_SINGULAR.items()]
        ),
        validators=[Optional()],
    )
    axis_id = SelectField(_l("Axis"), coerce=int, validators=[Optional()])
    orientation_id = SelectField(_l("Orientation"), coerce=int, validators=[Optional()])
    swot_item_id = SelectField(_l("SWOT item"), coerce=int, validators=[Optional()])


class DecisionForm(Form):
    """Only the CSRF token: the decision is the button pressed."""


class RedactForm(Form):
    text = TextAreaField(
        _l("Text without the personal data"), validators=[DataRequired(), Length(max=1000)]
    )


class FrenchMeaningForm(Form):
    french_text = TextAreaField(
        _l("French meaning (for answers in another language)"),
        validators=[Optional(), Length(max=1000)],
    )


class CodingForm(Form):
    quadrant = RadioField(
        _l("Quadrant"),
        choices=choices([(quadrant.value, label) for quadrant, label in QUADRANT_SINGULAR.items()]),
        validators=[InputRequired()],
    )
    axis_id = SelectField(_l("Axis"), coerce=int, validators=[Optional()])
    orientation_id = SelectField(_l("Orientation"), coerce=int, validators=[Optional()])


class AttachForm(Form):
    swot_item_id = HiddenField(validators=[DataRequired()])


class NewItemForm(Form):
    statement = TextAreaField(
        _l("Statement of the new SWOT item"), validators=[DataRequired(), Length(min=3, max=1000)]
    )


class AdoptForm(Form):
    adopt_orientation_id = SelectField(_l("Orientation"), coerce=int, validators=[InputRequired()])
    adopt_title = StringField(_l("Action title"), validators=[DataRequired(), Length(max=500)])


class TargetForm(Form):
    label = StringField(_l("Whom (in words)"), validators=[DataRequired(), Length(max=120)])
    channel_id = SelectField(_l("Counted from channel"), coerce=int, validators=[Optional()])
    audience = SelectField(_l("Audience"), validators=[Optional()])
    target = IntegerField(
        _l("People to reach"), validators=[InputRequired(), NumberRange(1, 100000)]
    )


class HeldDecisionForm(Form):
    """One line of the held answers: a channel (empty: none) and the reasons it was held."""

    channel_id = IntegerField(validators=[Optional(), NumberRange(1, 2**31 - 1)])
    reasons = StringField(validators=[DataRequired(), Length(max=60)])
    decision = RadioField(
        choices=choices([("release", _l("Count them")), ("discard", _l("Set them aside"))]),
        validators=[InputRequired()],
    )
