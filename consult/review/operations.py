"""Decisions on families' contributions, each one written to the audit log."""

from flask_babel import gettext as _
from sqlalchemy import select

from consult.audit.operations import record_staff_action
from consult.consultation.flags import flags_for
from consult.consultation.models import Answer, Response
from consult.consultation.vocabulary import Audience
from consult.core.db import utcnow
from consult.core.operations import OperationRefused
from consult.core.translatable import clean_text
from consult.diagnostic import operations as diagnostic_operations
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Territory
from consult.diagnostic.vocabulary import ActionOrigin, ActionStatus, Quadrant, Voice
from consult.extensions import db
from consult.review.models import AnswerAdditionalItem, ModerationEvent

VOICE_OF_AUDIENCE = {
    Audience.PARENT.value: Voice.PARENT.value,
    Audience.CHILD.value: Voice.CHILD.value,
    Audience.YOUNG.value: Voice.YOUNG_PERSON.value,
}
MAX_TEXT_LENGTH = 1000


def _log(answer: Answer, user, decision: str, detail: str = "") -> None:
    db.session.add(
        ModerationEvent(
            answer_id=answer.id,
            user_id=user.id if user else None,
            decision=decision,
            detail=detail[:300],
        )
    )


def _refuse_if_deleted(answer: Answer) -> None:
    """Once the retention period deleted an answer's words, none are written back."""
    if answer.text is None:
        raise OperationRefused(_("Text deleted after the retention period"))


def approve(answers: list[Answer], user, *, checked_flags: bool = False) -> int:
    changed = 0
    for answer in answers:
        if answer.moderation in ("pending", "hidden"):
            answer.moderation = "approved"
            detail = ""
            if checked_flags and answer.flags:
                detail = _("Flags checked: %(flags)s", flags=answer.flags)
            _log(answer, user, "approve", detail)
            changed += 1
    db.session.flush()
    return changed


def approve_in_bulk(answers: list[Answer], user, confirmed_ids: set[int]) -> tuple[int, int]:
    """Approve many at once, but never a flagged answer nobody looked at: a flagged answer is
    approved only when its own "checked" box was ticked. Returns (approved, skipped)."""
    looked_at = [answer for answer in answers if not answer.flags or answer.id in confirmed_ids]
    skipped = sum(
        1
        for answer in answers
        if answer not in looked_at and answer.moderation in ("pending", "hidden")
    )
    return approve(looked_at, user, checked_flags=True), skipped


def hide(answers: list[Answer], user) -> int:
    changed = 0
    for answer in answers:
        if answer.moderation != "hidden":
            answer.moderation = "hidden"
            _log(answer, user, "hide")
            changed += 1
    db.session.flush()
    return changed


def redact(answer: Answer, new_text: str, user) -> None:
    """Replace the text for good: what was removed is kept nowhere, not even in the log."""
    _refuse_if_deleted(answer)
    new_text = clean_text(new_text)[:MAX_TEXT_LENGTH]
    if not new_text:
        raise OperationRefused(_("Keep at least a few words, or hide the answer instead."))
    if new_text == answer.text:
        raise OperationRefused(
            _("Nothing was removed: edit the text to take out the personal data.")
        )
    removed = answer.flags or _("personal data")
    answer.text = new_text
    # The French meaning may repeat what was removed: it is written again from the new text.
    answer.french_text = None
    # A kiosk response's content hash could confirm a guess of the removed words.
    answer.response.content_hash = None
    answer.moderation = "redacted"
    answer.flags = ",".join(flags_for(new_text))
    _log(answer, user, "redact", _("Removed: %(what)s", what=removed))
    db.session.flush()


def set_french_meaning(answer: Answer, text: str, user) -> None:
    _refuse_if_deleted(answer)
    answer.french_text = clean_text(text)[:MAX_TEXT_LENGTH] or None
    _log(answer, user, "translate")
    db.session.flush()


def _trail(action: str, answer: Answer, territory: Territory, detail: str) -> None:
    """The staff trail names the answer and what was done, never the family's words."""
    record_staff_action(
        f"coding.{action}", target=f"Answer #{answer.id}", detail=detail, territory=territory
    )


def code(
    answer: Answer,
    territory: Territory,
    user,
    *,
    axis_id: int | None,
    quadrant: str,
    orientation_id: int | None,
) -> None:
    """Confirm where the contribution lands: axis x quadrant x orientation."""
    if answer.moderation not in ("approved", "redacted"):
        raise OperationRefused(_("Approve the answer before coding it."))
    Quadrant(quadrant)
    axis = db.session.get(Axis, axis_id) if axis_id else None
    orientation = db.session.get(Orientation, orientation_id) if orientation_id else None
    for row in (axis, orientation):
        if row is not None and row.territory_id != territory.id:
            raise OperationRefused(_("That choice is not part of this territory."))
    answer.axis_id = axis.id if axis else None
    answer.quadrant = quadrant
    answer.orientation_id = orientation.id if orientation else None
    answer.coded_at = utcnow()
    where = f"axis {axis.number if axis else '-'}, O{orientation.number if orientation else '-'}"
    _log(answer, user, "code", f"{quadrant}, {where}")
    _trail("code", answer, territory, f"{quadrant}, {where}")
    db.session.flush()


def _additional(answer: Answer, item_id: int) -> AnswerAdditionalItem | None:
    return db.session.get(AnswerAdditionalItem, (answer.id, item_id))


def attach(answer: Answer, item: SwotItem, territory: Territory, user) -> bool:
    """The answer supports this item too: its first item, or one more when it already
    supports others (an answer may speak of two things). False when it already did."""
    if item.territory_id != territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))
    if answer.moderation not in ("approved", "redacted"):
        raise OperationRefused(_("Approve the answer before coding it."))
    if answer.swot_item_id == item.id or _additional(answer, item.id) is not None:
        return False
    if answer.swot_item_id is None:
        answer.swot_item_id = item.id
    else:
        db.session.add(AnswerAdditionalItem(answer_id=answer.id, swot_item_id=item.id))
    if answer.coded_at is None:
        answer.axis_id = item.axis_id
        answer.quadrant = item.quadrant
        answer.coded_at = utcnow()
    _log(answer, user, "attach", f"SWOT #{item.id}")
    _trail("attach", answer, territory, f"SWOT #{item.id}")
    db.session.flush()
    return True


def detach(answer: Answer, user, territory: Territory, item_id: int) -> None:
    """The answer no longer supports this item; when its first goes, the next one it
    supports takes its place. An item it does not support changes nothing."""
    if answer.swot_item_id == item_id:
        following = db.session.scalars(
            select(AnswerAdditionalItem)
            .filter_by(answer_id=answer.id)
            .order_by(AnswerAdditionalItem.attached_at, AnswerAdditionalItem.swot_item_id)
        ).first()
        answer.swot_item_id = following.swot_item_id if following else None
        if following is not None:
            db.session.delete(following)
    elif (link := _additional(answer, item_id)) is not None:
        db.session.delete(link)
    else:
        return
    _log(answer, user, "detach", f"SWOT #{item_id}")
    _trail("detach", answer, territory, f"SWOT #{item_id}")
    db.session.flush()


def code_in_bulk(answers: list[Answer], territory: Territory, user, **coding) -> tuple[int, int]:
    """Code many answers the same way; those not approved are left as they are.
    Returns (coded, skipped)."""
    coded = 0
    for answer in answers:
        if answer.moderation in ("approved", "redacted"):
            code(answer, territory, user, **coding)
            coded += 1
    return coded, len(answers) - coded


def attach_in_bulk(
    answers: list[Answer], item: SwotItem, territory: Territory, user
) -> tuple[int, int]:
    """Attach many answers to one item; those not approved are left as they are.
    Returns (attached, skipped); an answer already supporting the item is neither."""
    attached = skipped = 0
    for answer in answers:
        if answer.moderation not in ("approved", "redacted"):
            skipped += 1
        elif attach(answer, item, territory, user):
            attached += 1
    return attached, skipped


def create_item_from(answer: Answer, territory: Territory, user, *, statement: str) -> SwotItem:
    """A new SWOT item in the families' own voice, supported by this contribution."""
    if answer.axis_id is None:
        raise OperationRefused(_("Choose an axis when coding the answer first."))
    response = db.session.get(Response, answer.response_id)
    item = diagnostic_operations.save_swot_item(
        territory,
        None,
        axis_id=answer.axis_id,
        quadrant=answer.quadrant,
        statement=statement,
        voice=VOICE_OF_AUDIENCE[response.audience],
        source=_("Families' consultation"),
        orientation_ids=[answer.orientation_id] if answer.orientation_id else [],
    )
    attach(answer, item, territory, user)
    return item


def adopt_as_action(
    answer: Answer, territory: Territory, user, *, orientation_id: int, title: str
) -> Action:
    """A family's proposal becomes a *proposed* action under an orientation: it is neither
    offered in live forms nor shown publicly until a steering committee decision retains it."""
    if answer.moderation not in ("approved", "redacted"):
        raise OperationRefused(_("Approve the answer before coding it."))
    orientation = db.session.get(Orientation, orientation_id)
    if orientation is None or orientation.territory_id != territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))
    position = max((action.position for action in orientation.actions), default=0) + 1
    action = diagnostic_operations.save_action(
        territory,
        None,
        orientation_id=orientation.id,
        title={"fr": clean_text(title)},
        description={},
        position=position,
        origin=ActionOrigin.FAMILY_PROPOSAL.value,
        status=ActionStatus.PROPOSED.value,
    )
    answer.adopted_action_id = action.id
    _log(answer, user, "adopt", f"O{orientation.number}")
    db.session.flush()
    return action


def add_target(
    consultation, *, label: str, channel_id: int | None, audience: str | None, target: int
):
    from consult.review.models import ParticipationTarget

    if channel_id and channel_id not in {channel.id for channel in consultation.channels}:
        raise OperationRefused(_("That choice is not part of this territory."))
    if audience:
        Audience(audience)
    row = ParticipationTarget(
        consultation_id=consultation.id,
        label=clean_text(label)[:120],
        channel_id=channel_id,
        audience=audience,
        target=target,
    )
    db.session.add(row)
    db.session.flush()
    return row


def set_report_quote(answer: Answer, territory: Territory, user, *, chosen: bool) -> None:
    """The coordinator chooses which words the report quotes: nothing is picked for them."""
    from consult.audit.operations import record_staff_action
    from consult.review.models import ReportQuote

    existing = db.session.get(ReportQuote, answer.id)
    if chosen:
        _refuse_if_deleted(answer)
        if answer.moderation not in ("approved", "redacted"):
            raise OperationRefused(_("Approve the answer before quoting it in the report."))
        if existing is None:
            db.session.add(ReportQuote(answer_id=answer.id, chosen_by_id=user.id if user else None))
    elif existing is not None:
        db.session.delete(existing)
    record_staff_action(
        "report.quote" if chosen else "report.unquote",
        target=f"Answer #{answer.id}",
        territory=territory,
    )
    db.session.flush()
