from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Regexp, ValidationError

from consult.core.forms import Form
from consult.territories import queries
from consult.territories.rules import NAME_MAX_LENGTH, SLUG_PATTERN

SLUG_RULE_MESSAGE = _l("Use 2 to 40 characters: lowercase letters (a-z), digits or hyphens.")
SLUG_TAKEN_MESSAGE = _l("A territory with this short name already exists.")
RESERVED_SLUG_MESSAGE = _l(
    "This short name is used by the application itself: please choose another."
)
NAME_LENGTH_MESSAGE = lazy_ngettext(
    "The name has at most %(num)s character.",
    "The name has at most %(num)s characters.",
    NAME_MAX_LENGTH,
)


def _name_field():
    return StringField(
        _l("Name"),
        validators=[DataRequired(), Length(max=NAME_MAX_LENGTH, message=NAME_LENGTH_MESSAGE)],
    )


class TerritoryForm(Form):
    slug = StringField(
        _l("Short name used in web addresses (for example: paris-nord)"),
        validators=[DataRequired(), Regexp(SLUG_PATTERN, message=SLUG_RULE_MESSAGE)],
        render_kw={"autocapitalize": "none", "spellcheck": "false", "maxlength": 40},
    )
    name = _name_field()

    def validate_slug(self, field):
        # Said beside the field, before anything is written; the operation checks again.
        # A slug that already broke the pattern is never looked up (it may hold bytes the
        # database refuses, such as NUL).
        if field.errors:
            return
        if field.data in queries.reserved_slugs():
            raise ValidationError(RESERVED_SLUG_MESSAGE)
        if queries.slug_taken(field.data):
            raise ValidationError(SLUG_TAKEN_MESSAGE)


class RenameTerritoryForm(Form):
    name = _name_field()
