from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, FloatField, IntegerField, SelectField, StringField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from consult.core.forms import Form, MultiCheckboxField, choices, translatable
from consult.diagnostic.vocabulary import ACTION_STATUS_LABELS
from consult.followup.vocabulary import FUNDER_LABELS, PUBLIC_LABELS


@translatable("text", _l("What happened, in plain words"), textarea=True, max_length=1000)
class UpdateForm(Form):
    dated_on = DateField(_l("Date"), validators=[InputRequired()])
    status = SelectField(
        _l("Status"),
        choices=choices([(status.value, label) for status, label in ACTION_STATUS_LABELS.items()]),
        validators=[InputRequired()],
    )
    progress = IntegerField(
        _l("Progress (%)"), default=0, validators=[InputRequired(), NumberRange(0, 100)]
    )


class PartnersForm(Form):
    lead_id = SelectField(_l("Lead partner"), coerce=int, validators=[Optional()])
    co_lead_ids = MultiCheckboxField(_l("Co-leads"), coerce=int, validators=[Optional()])
    publics = MultiCheckboxField(
        _l("Target publics"),
        choices=choices([(public.value, label) for public, label in PUBLIC_LABELS.items()]),
        validators=[Optional()],
    )


class FundingLineForm(Form):
    funder = SelectField(
        _l("Funder"),
        choices=choices([(funder.value, label) for funder, label in FUNDER_LABELS.items()]),
        validators=[InputRequired()],
    )
    funder_detail = StringField(
        _l("Which one (optional)"), validators=[Optional(), Length(max=120)]
    )
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    amount = IntegerField(
        _l("Amount (whole euros)"), validators=[InputRequired(), NumberRange(0, 100_000_000)]
    )
    is_illustrative = BooleanField(_l("Illustrative amount (not from the record)"))


class FundingLineEditForm(FundingLineForm):
    # Choices: the territory's actions, set by the view.
    action_id = SelectField(_l("Action"), coerce=int, validators=[InputRequired()])


@translatable(
    "public_label",
    _l("In plain words for families (optional, short)"),
    required=False,
    max_length=120,
)
class IndicatorForm(Form):
    label = StringField(_l("Indicator"), validators=[InputRequired(), Length(max=200)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)])
    baseline = FloatField(_l("Baseline"), validators=[Optional(), NumberRange(-1e12, 1e12)])
    target = FloatField(_l("Target"), validators=[Optional(), NumberRange(-1e12, 1e12)])


class IndicatorValueForm(Form):
    indicator_id = SelectField(_l("Indicator"), coerce=int, validators=[InputRequired()])
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    value = FloatField(_l("Value"), validators=[InputRequired(), NumberRange(-1e12, 1e12)])
