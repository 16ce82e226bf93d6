"""Back-office blueprints live under /admin/<territory>/ and only open to its members."""

from flask import abort, g
from flask_login import current_user

from consult.diagnostic.queries import territory_by_slug
from consult.extensions import login_manager


def scope_to_territory(bp) -> None:
    @bp.url_value_preprocessor
    def pull_territory(endpoint, values):
        g.territory_slug = values.pop("territory", None) if values else None

    @bp.url_defaults
    def add_territory(endpoint, values):
        if "territory" not in values and g.get("territory") is not None:
            values["territory"] = g.territory.slug

    @bp.before_request
    def load_territory():
        if not current_user.is_authenticated:
            return login_manager.unauthorized()
        territory = territory_by_slug(g.territory_slug)
        # A territory one does not belong to looks like one that does not exist.
        if territory is None or not current_user.can_access(territory):
            abort(404)
        g.territory = territory
        return None
