"""The respondent's forms, built per screen from the questions it shows."""

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext, lazy_npgettext, lazy_pgettext
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from consult.consultation.models import Question
from consult.consultation.operations import MAX_TEXT_LENGTH
from consult.consultation.vocabulary import FREE_TEXT_PURPOSES, PRIORITY_SCALE, Purpose
from consult.consultation.wording import action_hint, action_label
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


def too_many_message(limit: int, register: str = "parent"):
    """Said with the same words as the hint above the ideas, in the respondent's register."""
    if register != "parent":
        if limit > 1:
            return lazy_npgettext(
                "informal",
                "You ticked too many ideas. Choose %(num)s at most.",
                "You ticked too many ideas. Choose %(num)s at most.",
                limit,
            )
        return lazy_pgettext("informal", "You ticked more than one idea. Choose one only.")
    if limit > 1:
        return lazy_ngettext(
            "You ticked too many ideas. Choose %(num)s at most.",
            "You ticked too many ideas. Choose %(num)s at most.",
            limit,
        )
    return _l("You ticked more than one idea. Choose one only.")


def _max_choices(limit: int, register: str):
    def check(form, field):
        if field.data and len(field.data) > limit:
            raise ValidationError(too_many_message(limit, register))

    return check


def field_name(question: Question) -> str:
    return f"q{question.id}"


def screen_form_class(questions: list[Question], register: str = "parent"):
    """A form class with one field per question of the screen, all optional. ``register`` is
    who reads the messages: "parent", or "child" and "young" (told "tu")."""

    class ScreenForm(RespondentForm):
        # Per field, per choice: the one line saying what the choice means for this audience.
        option_hints = {}

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
                        (action.id, localized(action_label(action, question.audience)))
                        for action in question.orientation.actions
                        if action.is_live
                    ]
                ),
                coerce=int,
                validators=[Optional(), _max_choices(question.max_choices, register)],
            )
            ScreenForm.option_hints[name] = {
                action.id: localized(action_hint(action, question.audience))
                for action in question.orientation.actions
                if action_hint(action, question.audience)
            }
        elif question.purpose in FREE_TEXT_PURPOSES:
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
    if question.purpose in FREE_TEXT_PURPOSES:
        return clean_text(data) or None
    return data
