"""Pages and documents families read, declared next to their routes.

A view marked ``@family_surface(...)`` joins the inventory that
tests/core/test_family_surfaces.py renders in every public language: a French text left in
another language's rendering, or an English message id shown untranslated, fails it. So a new
page, sheet or poster for families is checked as soon as its route says what it is, with no
list of files to keep by hand.
"""

from dataclasses import dataclass

from flask import Flask


@dataclass(frozen=True)
class FamilySurface:
    # What a family holds or sees, in words a reviewer understands ("young people's paper sheet").
    description: str
    # Shows every language of the consultation at once (a poster): each part carries its
    # own lang attribute, and the test reads the parts instead of asking for one language.
    multilingual: bool = False


def family_surface(description: str, *, multilingual: bool = False):
    def decorator(view):
        view.family_surface = FamilySurface(description, multilingual)
        return view

    return decorator


def family_surfaces(app: Flask) -> dict[str, FamilySurface]:
    """Endpoint -> its declaration, for every declared view of the app."""
    surfaces = {}
    for endpoint, view in app.view_functions.items():
        declared = getattr(view, "family_surface", None)
        if declared is not None:
            surfaces[endpoint] = declared
    return surfaces
