"""The respondent's forms, built per screen from the questions it shows."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from consult.consultation.models import Question
from consult.consultation.operations import MAX_TEXT_LENGTH
from consult.consultation.vocabulary import PRIORITY_SCALE, Purpose
from consult.core.forms import Form, MultiCheckboxField, choices
from consult.core.translatable import clean_text, localized

RESPONDENT_KIND_LABELS = {
    "parent": _l("I am a parent"),
    "child": _l("I am a child (under 11)"),
    "young_11_15": _l("I am young, 11 to 15 years old"),
    "young_16_25": _l("I am young, 16 to 25 years old"),
}

PRIORITY_LABELS = {
    1: _l("Not a priority"),
    2: _l("Important"),
    3: _l("Very important"),
}
# Children answer with faces; the words stay beside them.
PRIORITY_FACES = {1: "😐", 2: "🙂", 3: "😍"}


class RespondentForm(Form):
    """What every screen carries: the honeypot and, on the last one, the submission token."""

    # Left empty by people (it is hidden from them); bots fill it.
    website = StringField(_l("Leave this field empty"), validators=[Optional(), Length(max=200)])
    submission = HiddenField()


def who_form_class(kinds: list[str]):
    class WhoForm(RespondentForm):
        respondent_kind = RadioField(
            _l("Who is answering?"),
            choices=choices([(kind, RESPONDENT_KIND_LABELS[kind]) for kind in kinds]),
            validators=[InputRequired(message=_l("Please choose one answer."))],
        )

    return WhoForm


def _max_choices(limit: int):
    def check(form, field):
        if field.data and len(field.data) > limit:
            raise ValidationError(
                _l("Choose %(count)s at most.", count=limit)
                if limit > 1
                else _l("Choose one at most.")
            )

    return check


def field_name(question: Question) -> str:
    return f"q{question.id}"


def screen_form_class(questions: list[Question]):
    """A form class with one field per question of the screen, all optional."""

    class ScreenForm(RespondentForm):
        pass

    for question in questions:
        name = field_name(question)
        label = localized(question.label_texts)
        if question.purpose == Purpose.PRIORITY:
            field = RadioField(
                label,
                choices=choices([(value, PRIORITY_LABELS[value]) for value in PRIORITY_SCALE]),
                coerce=int,
                validators=[Optional()],
            )
        elif question.purpose == Purpose.ACTION_CHOICE:
            field = MultiCheckboxField(
                label,
                choices=choices(
                    [
                        (action.id, localized(action.title))
                        for action in question.orientation.actions
                        if action.is_live
                    ]
                ),
                coerce=int,
                validators=[Optional(), _max_choices(question.max_choices)],
            )
        elif question.purpose == Purpose.SWOT:
            field = TextAreaField(
                label,
                validators=[Optional(), Length(max=MAX_TEXT_LENGTH)],
                render_kw={"maxlength": MAX_TEXT_LENGTH, "rows": 3, "dir": "auto"},
            )
        else:
            field = RadioField(
                label,
                choices=choices([(option, option) for option in question.options]),
                validators=[Optional()],
            )
        setattr(ScreenForm, name, field)
    return ScreenForm


def stored_value(question: Question, data):
    """The field's value as kept in the draft; None when not answered."""
    if data in (None, "", []):
        return None
    if question.purpose == Purpose.SWOT:
        return clean_text(data) or None
    return data
