"""Consultation and channel changes that answer to someone, recorded at flush time.

A consultation's status (opened, closed, published, back to draft), its deletion and a
channel's retirement can be changed from several pages (the edit form, a checklist, a
question builder); watching the session records each of them once, in the transaction that
makes the change, whichever page made it.
"""

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from consult.audit.operations import record_staff_action
from consult.consultation.models import Channel, Consultation
from consult.consultation.vocabulary import Status

STATUS_ACTIONS = {
    Status.DRAFT.value: "consultation.draft",
    Status.OPEN.value: "consultation.open",
    Status.CLOSED.value: "consultation.close",
    Status.PUBLISHED.value: "consultation.publish",
}


def _old_value(instance, attribute: str):
    history = inspect(instance).attrs[attribute].history
    if not history.has_changes() or not history.deleted:
        return None, False
    return history.deleted[0], True


def _consultation_target(consultation: Consultation) -> str:
    return f"#{consultation.id} {consultation.label}"


def _changes(session: Session):
    for instance in list(session.dirty):
        if isinstance(instance, Consultation):
            old, changed = _old_value(instance, "status")
            if changed and old != instance.status:
                yield (
                    STATUS_ACTIONS.get(instance.status, "consultation.status"),
                    _consultation_target(instance),
                    f"{old} -> {instance.status}",
                    instance.territory_id,
                )
        elif isinstance(instance, Channel):
            old, changed = _old_value(instance, "is_retired")
            if changed and bool(old) != bool(instance.is_retired):
                yield (
                    "channel.retire" if instance.is_retired else "channel.restore",
                    f"#{instance.id} {instance.name}",
                    f"consultation #{instance.consultation_id}",
                    instance.consultation.territory_id,
                )
    for instance in list(session.deleted):
        if isinstance(instance, Consultation):
            yield (
                "consultation.delete",
                _consultation_target(instance),
                f"status: {instance.status}",
                instance.territory_id,
            )


def _record_tracked_changes(session: Session, flush_context, instances) -> None:
    for action, target, detail, territory_id in list(_changes(session)):
        record_staff_action(action, target=target, detail=detail, territory=territory_id)


def watch(session_class) -> None:
    # Several apps in one process (tests) register once.
    if not event.contains(session_class, "before_flush", _record_tracked_changes):
        event.listen(session_class, "before_flush", _record_tracked_changes)
