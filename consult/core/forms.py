"""Form helpers shared by the domains."""

from flask_wtf import FlaskForm
from wtforms import PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from consult.core.languages import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, native_name
from consult.core.translatable import clean_translations, without_controls


def _clean_submitted_text(value):
    return without_controls(value) if isinstance(value, str) else value


class Form(FlaskForm):
    """Every form of the application: typed text arrives Unicode-normalised, trimmed and
    without control characters, so a NUL byte or a stray escape is never validated, looked
    up or stored; its inner spacing is left as typed. Passwords are taken exactly as typed."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            field_class = unbound_field.field_class
            if issubclass(field_class, StringField) and not issubclass(field_class, PasswordField):
                options = {
                    **options,
                    "filters": [_clean_submitted_text, *unbound_field.kwargs.get("filters", ())],
                }
            return unbound_field.bind(form=form, **options)


def choices(pairs) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: usable on a phone, unlike a multiple select."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def translatable(
    name: str, label, *, required: bool = True, textarea: bool = False, max_length: int
):
    """Class decorator adding one field per content language for the text ``name``.

    Fields are named ``<name>__<language>``; French is required when the text is.
    """

    def decorator(form_cls):
        field_type = TextAreaField if textarea else StringField
        for language in CONTENT_LANGUAGES:
            validators = [Length(max=max_length)]
            if language == DEFAULT_LANGUAGE and required:
                validators.insert(0, DataRequired())
            else:
                validators.insert(0, Optional())
            field_label = label if language == DEFAULT_LANGUAGE else native_name(language)
            setattr(
                form_cls,
                f"{name}__{language}",
                field_type(
                    field_label,
                    validators=validators,
                    render_kw={"lang": language, "dir": "auto"},
                ),
            )
        # Decorators apply bottom-up: prepend, so the fields keep the order they are written in.
        form_cls.translatable_fields = (name, *getattr(form_cls, "translatable_fields", ()))
        return form_cls

    return decorator


def read_translations(form, name: str) -> dict:
    return clean_translations(
        {language: form[f"{name}__{language}"].data for language in CONTENT_LANGUAGES}
    )


def fill_translations(form, name: str, texts: dict | None) -> None:
    for language in CONTENT_LANGUAGES:
        form[f"{name}__{language}"].data = (texts or {}).get(language, "")


def translation_fields(form, name: str) -> list:
    """The French field first, then the others, for the template."""
    return [form[f"{name}__{language}"] for language in CONTENT_LANGUAGES]


class DeleteForm(Form):
    """Only the CSRF token: deleting is a POST the user confirmed."""
