"""Labels of the ways answers are collected."""

from flask_babel import lazy_gettext as _l

from consult.consultation.vocabulary import Mode

MODE_LABELS = {
    Mode.SELF: _l("Answered alone"),
    Mode.ASSISTED: _l("Answered with a facilitator's help"),
    Mode.GROUP: _l("Group answer"),
    Mode.PAPER: _l("Paper form"),
}
