"""Writes to territories: check the rules, change the session, flush; the caller commits."""

from flask_babel import gettext as _
from flask_babel import ngettext

from consult.audit.operations import record_staff_action
from consult.core.operations import OperationRefused
from consult.core.translatable import clean_text
from consult.diagnostic.models import Territory
from consult.extensions import db
from consult.territories import queries
from consult.territories.rules import NAME_MAX_LENGTH, SLUG_PATTERN


def slug_taken_message() -> str:
    # Also shown when two administrators create the same slug at once and the database's
    # unique constraint refuses the second.
    return _("A territory with this short name already exists.")


def _clean_name(name: str) -> str:
    name = clean_text(name)
    if not name or len(name) > NAME_MAX_LENGTH:
        raise OperationRefused(
            ngettext(
                "The name needs 1 to %(num)s character.",
                "The name needs 1 to %(num)s characters.",
                NAME_MAX_LENGTH,
            )
        )
    return name


def create_territory(*, slug: str, name: str) -> Territory:
    """A new, empty territory: no axes, no consultation, no members yet."""
    slug = (slug or "").strip()
    if not SLUG_PATTERN.fullmatch(slug):
        raise OperationRefused(
            _("Use 2 to 40 characters: lowercase letters (a-z), digits or hyphens.")
        )
    if slug in queries.reserved_slugs():
        raise OperationRefused(
            _("This short name is used by the application itself: please choose another.")
        )
    if queries.slug_taken(slug):
        raise OperationRefused(slug_taken_message())
    territory = Territory(slug=slug, name=_clean_name(name))
    db.session.add(territory)
    db.session.flush()
    record_staff_action(
        "territory.create", target=territory.slug, detail=territory.name, territory=territory
    )
    return territory


def rename_territory(territory: Territory, *, name: str) -> Territory:
    """Only the name changes: the slug stays, so bookmarked back-office addresses keep
    working (QR codes do not depend on it)."""
    old_name = territory.name
    territory.name = _clean_name(name)
    db.session.flush()
    if old_name != territory.name:
        record_staff_action(
            "territory.rename",
            target=territory.slug,
            detail=f"{old_name} -> {territory.name}",
            territory=territory,
        )
    return territory
