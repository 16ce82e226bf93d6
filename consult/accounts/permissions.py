"""Who may open what: every back-office view declares the least role it needs."""

from functools import wraps

from flask import abort
from flask_login import current_user

from consult.accounts.roles import Role
from consult.extensions import login_manager


def requires_role(minimum: Role):
    """Anonymous visitors are sent to the login page; staff below ``minimum`` get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(minimum):
                abort(403)
            return view(*args, **kwargs)

        wrapped.minimum_role = minimum
        return wrapped

    return decorator


def public(view):
    """Marks a view anyone may open, so the route matrix knows it was not forgotten."""
    view.is_public = True
    return view
