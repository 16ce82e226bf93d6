"""What each audience reads about an orientation or an action: the territory's own words.

An orientation or an action keeps, per audience (parents, children, young people), a plain
title and a one-line "what this means", each a language -> text map. Where an audience has
no title, families read the orientation's generic family title, then the professional
title; a missing language falls back to French (``translated``).
"""

from consult.core.languages import DEFAULT_LANGUAGE
from consult.core.operations import OperationRefused
from consult.core.translatable import clean_translations

# The audiences a consultation asks (consult.consultation.vocabulary.Audience), named here so
# the diagnostic does not depend on consultations.
FAMILY_AUDIENCES = ("parent", "child", "young")
WORDING_PARTS = ("title", "meaning")
MAX_TITLE = 200
MAX_MEANING = 300


def _part(item, audience: str, part: str) -> dict:
    wording = (getattr(item, "family_wording", None) or {}).get(audience) or {}
    return wording.get(part) or {}


def family_title(item, audience: str | None) -> dict:
    """The title ``audience`` reads, as a language -> text map."""
    if audience:
        own = _part(item, audience, "title")
        if own:
            return own
    return getattr(item, "family_title", None) or item.title


def family_meaning(item, audience: str | None) -> dict:
    """The one line saying what it means for ``audience``; empty when none was written."""
    return _part(item, audience, "meaning") if audience else {}


def clean_family_wording(raw: dict | None) -> dict:
    """Keep the non-blank texts; a part written in any language needs its French text."""
    from flask_babel import gettext as _

    cleaned = {}
    for audience in FAMILY_AUDIENCES:
        parts = {}
        for part in WORDING_PARTS:
            texts = clean_translations(((raw or {}).get(audience) or {}).get(part))
            limit = MAX_TITLE if part == "title" else MAX_MEANING
            texts = {language: text[:limit] for language, text in texts.items()}
            if texts and not texts.get(DEFAULT_LANGUAGE):
                raise OperationRefused(
                    _("A family wording written in another language needs its French text too.")
                )
            if texts:
                parts[part] = texts
        if parts.get("meaning") and not parts.get("title"):
            raise OperationRefused(_("A family wording's explanation needs its title too."))
        if parts:
            cleaned[audience] = parts
    return cleaned
