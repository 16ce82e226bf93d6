from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField
from wtforms.validators import InputRequired, Optional

from consult.core.forms import Form


class PairForm(Form):
    internal_item_id = SelectField(
        _l("Internal item (strength or weakness)"), coerce=int, validators=[InputRequired()]
    )
    external_item_id = SelectField(
        _l("External item (opportunity or threat)"), coerce=int, validators=[InputRequired()]
    )
    orientation_id = SelectField(_l("Orientation it supports"), coerce=int, validators=[Optional()])
    workshop_id = SelectField(_l("Temps 2 workshop"), coerce=int, validators=[Optional()])
    is_illustrative = BooleanField(_l("Illustrative example (not from the record)"))
