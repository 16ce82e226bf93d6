"""Staff preview a consultation on the real respondent's screens, as a parent, a child or a
young person, in any of its languages.

The public path runs unchanged, behind a stand-in channel: its token (`preview-<id>`) opens
only for staff of the consultation's territory, counts no scan, leads a draft or open
consultation's screens even before its opening day, and makes the draft and the response it
sends tests (consult/consultation/standing.py), which no figure counts.
"""

from flask_login import current_user

from consult.consultation.models import Consultation
from consult.consultation.vocabulary import Status
from consult.extensions import db

PREFIX = "preview-"
# The statuses whose screens a preview walks through; a closed consultation asks nothing.
PREVIEWABLE = (Status.DRAFT, Status.OPEN)


class PreviewChannel:
    """What the public path needs of a channel, without one: nothing is ever counted for it."""

    id = None
    orientation = None
    orientation_id = None
    is_retired = False
    is_preview = True

    def __init__(self, consultation: Consultation):
        self.consultation = consultation
        self.token = token_for(consultation)
        self.name = ""


def token_for(consultation: Consultation) -> str:
    return f"{PREFIX}{consultation.id}"


def is_preview_token(token: str) -> bool:
    return token.startswith(PREFIX)


def channel_for(token: str) -> PreviewChannel | None:
    """The stand-in channel of a preview token, for staff of its territory only."""
    number = token.removeprefix(PREFIX)
    if not (number.isascii() and number.isdigit()) or len(number) > 9:
        return None
    consultation = db.session.get(Consultation, int(number))
    if consultation is None or not current_user.is_authenticated:
        return None
    if not current_user.can_access(consultation.territory):
        return None
    return PreviewChannel(consultation)


def is_previewable(consultation: Consultation) -> bool:
    return consultation.status in PREVIEWABLE
