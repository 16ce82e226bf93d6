"""Writes of the partnership process. Decisions change what families are offered and shown,
so each one is also written to the staff audit trail."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from consult.audit.operations import record_staff_action
from consult.core.operations import OperationRefused
from consult.core.translatable import clean_text, clean_translations
from consult.diagnostic import operations as diagnostic_operations
from consult.diagnostic.models import Action, Orientation, Territory
from consult.diagnostic.vocabulary import ActionStatus
from consult.extensions import db
from consult.governance.models import Decision, GovernanceBody, Partner, TimelineEvent
from consult.governance.vocabulary import (
    BodyKind,
    DatePrecision,
    DecisionKind,
    EventKind,
    PartnerKind,
)

MAX_MINUTES_PDF = 5 * 1024 * 1024


def _owned(model, item_id, territory: Territory):
    if item_id is None:
        return None
    row = db.session.get(model, item_id)
    if row is None or row.territory_id != territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))
    return row


def _owned_action(action_id, territory: Territory) -> Action | None:
    if action_id is None:
        return None
    action = db.session.get(Action, action_id)
    if action is None or action.orientation.territory_id != territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))
    return action


def _name_taken(model, territory, name, exclude_id) -> bool:
    statement = select(model.id).where(model.territory_id == territory.id, model.name == name)
    if exclude_id:
        statement = statement.where(model.id != exclude_id)
    return db.session.scalar(statement) is not None


def save_partner(territory: Territory, partner: Partner | None, *, name: str, kind: str):
    name = clean_text(name)[:200]
    PartnerKind(kind)
    if not name:
        raise OperationRefused(_("A name is required."))
    if _name_taken(Partner, territory, name, partner.id if partner else None):
        raise OperationRefused(_("%(name)s already exists.", name=name))
    if partner is None:
        partner = Partner(territory_id=territory.id)
        db.session.add(partner)
    partner.name = name
    partner.kind = kind
    db.session.flush()
    return partner


def delete_partner(partner: Partner) -> None:
    db.session.delete(partner)
    db.session.flush()


def save_body(territory: Territory, body: GovernanceBody | None, *, name: str, kind: str):
    name = clean_text(name)[:200]
    BodyKind(kind)
    if not name:
        raise OperationRefused(_("A name is required."))
    if _name_taken(GovernanceBody, territory, name, body.id if body else None):
        raise OperationRefused(_("%(name)s already exists.", name=name))
    if body is None:
        body = GovernanceBody(territory_id=territory.id)
        db.session.add(body)
    body.name = name
    body.kind = kind
    db.session.flush()
    return body


def delete_body(body: GovernanceBody) -> None:
    db.session.delete(body)
    db.session.flush()


def save_event(
    territory: Territory,
    event: TimelineEvent | None,
    *,
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    date_precision: str = DatePrecision.DAY.value,
    title: str,
    description: str = "",
    body_id: int | None = None,
    partner_ids: list[int] = (),
    professionals_present: int | None = None,
    elected_present: int | None = None,
    minutes: str = "",
    is_illustrative: bool = False,
) -> TimelineEvent:
    EventKind(kind)
    DatePrecision(date_precision)
    title = clean_text(title)[:300]
    if not title:
        raise OperationRefused(_("A title is required."))
    if ends_on is not None and ends_on < starts_on:
        raise OperationRefused(_("The end date comes before the start date."))
    body = _owned(GovernanceBody, body_id, territory)
    partners = [_owned(Partner, partner_id, territory) for partner_id in partner_ids]
    if event is None:
        event = TimelineEvent(territory_id=territory.id)
        db.session.add(event)
    event.kind = kind
    event.starts_on = starts_on
    event.ends_on = ends_on
    event.date_precision = date_precision
    event.title = title
    event.description = (description or "").strip()[:5000]
    event.body = body
    event.partners = partners
    event.professionals_present = professionals_present
    event.elected_present = elected_present
    event.minutes = (minutes or "").strip()[:20000]
    event.is_illustrative = is_illustrative
    db.session.flush()
    return event


def attach_minutes_pdf(event: TimelineEvent, filename: str, data: bytes) -> None:
    if not data.startswith(b"%PDF-"):
        raise OperationRefused(_("The minutes must be a PDF file."))
    if len(data) > MAX_MINUTES_PDF:
        raise OperationRefused(_("The PDF is larger than 5 MB."))
    event.minutes_pdf = data
    event.minutes_pdf_name = clean_text(filename)[:200] or "minutes.pdf"
    db.session.flush()


def delete_event(event: TimelineEvent) -> None:
    db.session.delete(event)
    db.session.flush()


def _require_meeting(meeting: TimelineEvent) -> None:
    if not meeting.is_decision_meeting:
        raise OperationRefused(_("Only a steering committee meeting takes decisions."))


def _audit(territory, meeting, kind, subject: str, detail: str = "") -> None:
    record_staff_action(
        f"decision.{kind}",
        target=subject,
        detail=f"{meeting.title} ({meeting.starts_on:%d/%m/%Y}){' — ' + detail if detail else ''}",
        territory=territory,
    )


def decide_on_orientation(
    territory: Territory,
    meeting: TimelineEvent,
    *,
    orientation_id: int,
    kind: str,
    reason: dict,
    new_title: dict | None = None,
    new_family_title: dict | None = None,
) -> Decision:
    """Confirm, amend, validate as new or withdraw an orientation. An amendment keeps the
    wording and validation it replaces as a version, so the 2021 text stays readable."""
    _require_meeting(meeting)
    kind = DecisionKind(kind)
    if not kind.value.startswith("orientation_"):
        raise OperationRefused(_("This decision is about a proposal, not an orientation."))
    orientation = _owned(Orientation, orientation_id, territory)
    reason = clean_translations(reason)
    validated_by = meeting.body.name
    if kind == DecisionKind.ORIENTATION_AMENDED:
        title = clean_translations(new_title)
        if not title.get("fr"):
            raise OperationRefused(_("Write the amended French title."))
        diagnostic_operations.keep_version(
            orientation,
            _(
                "Amended by %(body)s on %(date)s",
                body=validated_by,
                date=f"{meeting.starts_on:%d/%m/%Y}",
            ),
        )
        orientation.title = title
        if new_family_title is not None and clean_translations(new_family_title):
            orientation.family_title = clean_translations(new_family_title)
        orientation.validated_on = meeting.starts_on
        orientation.validated_by = validated_by
    elif (
        kind in (DecisionKind.ORIENTATION_NEW, DecisionKind.ORIENTATION_CONFIRMED)
        and orientation.validated_on is None
    ):
        orientation.validated_on = meeting.starts_on
        orientation.validated_by = validated_by
    decision = Decision(
        territory_id=territory.id,
        meeting=meeting,
        kind=kind.value,
        orientation_id=orientation.id,
        reason=reason,
    )
    db.session.add(decision)
    _audit(territory, meeting, kind.value, f"O{orientation.number}")
    db.session.flush()
    return decision


def decide_on_proposal(
    territory: Territory,
    meeting: TimelineEvent,
    *,
    action_id: int,
    kind: str,
    reason: dict,
    merged_into_id: int | None = None,
) -> Decision:
    """Retain a proposed action (it goes live), merge it into an existing action, or not
    retain it. Families read the reason, so one is required in French."""
    _require_meeting(meeting)
    kind = DecisionKind(kind)
    if not kind.value.startswith("proposal_"):
        raise OperationRefused(_("This decision is about an orientation, not a proposal."))
    action = _owned_action(action_id, territory)
    if action.status != ActionStatus.PROPOSED:
        raise OperationRefused(_("This action is not waiting for a decision."))
    reason = clean_translations(reason)
    if not reason.get("fr"):
        raise OperationRefused(_("Write the reason families will read, in French at least."))
    merged_into = None
    if kind == DecisionKind.PROPOSAL_RETAINED:
        action.status = ActionStatus.RETAINED.value
    elif kind == DecisionKind.PROPOSAL_MERGED:
        merged_into = _owned_action(merged_into_id, territory)
        if merged_into is None or merged_into.id == action.id or not merged_into.is_live:
            raise OperationRefused(_("Choose the decided action this proposal joins."))
        action.status = ActionStatus.DROPPED.value
    else:
        action.status = ActionStatus.DROPPED.value
    decision = Decision(
        territory_id=territory.id,
        meeting=meeting,
        kind=kind.value,
        action_id=action.id,
        merged_into_id=merged_into.id if merged_into else None,
        reason=reason,
    )
    db.session.add(decision)
    _audit(territory, meeting, kind.value, f"Action #{action.id}")
    db.session.flush()
    return decision


def delete_decision(territory: Territory, decision: Decision) -> None:
    """Undo a decision recorded by mistake: a proposal waits for a decision again."""
    if decision.action is not None:
        decision.action.status = ActionStatus.PROPOSED.value
    record_staff_action(
        "decision.delete",
        target=f"Decision #{decision.id}",
        detail=decision.kind,
        territory=territory,
    )
    db.session.delete(decision)
    db.session.flush()
