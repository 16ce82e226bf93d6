"""Writes of the action follow-up; each checks the action belongs to the territory."""

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import delete, select

from consult.audit.operations import record_staff_action
from consult.core.operations import OperationRefused
from consult.core.translatable import clean_text, clean_translations
from consult.diagnostic.models import Action, Territory
from consult.diagnostic.vocabulary import ActionStatus
from consult.extensions import db
from consult.followup.models import (
    ActionPartner,
    ActionPublic,
    ActionUpdate,
    FundingLine,
    Indicator,
    IndicatorValue,
)
from consult.followup.vocabulary import Funder, PartnerRole, Public
from consult.governance.models import Partner


def _check_action(action: Action, territory: Territory) -> None:
    if action.orientation.territory_id != territory.id:
        raise OperationRefused(_("That choice is not part of this territory."))


def add_update(
    territory: Territory,
    action: Action,
    user,
    *,
    dated_on: date,
    text: dict,
    status: str,
    progress: int,
) -> ActionUpdate:
    """A dated update sets the action's status and progress; only a decision takes an action
    out of "proposed", so families never see an idea nobody decided on."""
    _check_action(action, territory)
    status = ActionStatus(status).value
    text = clean_translations(text)
    if not text.get("fr"):
        raise OperationRefused(_("Write the update in French at least."))
    if not 0 <= progress <= 100:
        raise OperationRefused(_("Progress is a percentage between 0 and 100."))
    if action.status == ActionStatus.PROPOSED and status != ActionStatus.PROPOSED:
        raise OperationRefused(
            _("This action waits for a steering committee decision before it can move on.")
        )
    if status == ActionStatus.PROPOSED and action.status != ActionStatus.PROPOSED:
        raise OperationRefused(_("A decided action cannot go back to proposed."))
    update = ActionUpdate(
        action_id=action.id,
        dated_on=dated_on,
        text=text,
        status=status,
        progress=progress,
        author_id=user.id if user else None,
    )
    db.session.add(update)
    # An update dated before the last one is history, not the action's current state.
    latest = db.session.scalar(
        select(ActionUpdate.dated_on)
        .where(ActionUpdate.action_id == action.id)
        .order_by(ActionUpdate.dated_on.desc())
        .limit(1)
    )
    if latest is None or dated_on >= latest:
        action.status = status
        action.progress = progress
    record_staff_action(
        "action.update",
        target=f"Action #{action.id}",
        detail=f"{status}, {progress}%",
        territory=territory,
    )
    db.session.flush()
    return update


def delete_update(territory: Territory, update: ActionUpdate) -> None:
    _check_action(update.action, territory)
    db.session.delete(update)
    db.session.flush()


def set_partners_and_publics(
    territory: Territory,
    action: Action,
    *,
    lead_id: int | None,
    co_lead_ids: list[int],
    publics: list[str],
) -> None:
    _check_action(action, territory)
    wanted = {}
    for partner_id, role in [(pid, PartnerRole.CO_LEAD) for pid in co_lead_ids] + (
        [(lead_id, PartnerRole.LEAD)] if lead_id else []
    ):
        partner = db.session.get(Partner, partner_id)
        if partner is None or partner.territory_id != territory.id:
            raise OperationRefused(_("That choice is not part of this territory."))
        wanted[partner.id] = role.value
    for public in publics:
        Public(public)
    db.session.execute(delete(ActionPartner).where(ActionPartner.action_id == action.id))
    db.session.execute(delete(ActionPublic).where(ActionPublic.action_id == action.id))
    for partner_id, role in wanted.items():
        db.session.add(ActionPartner(action_id=action.id, partner_id=partner_id, role=role))
    for public in dict.fromkeys(publics):
        db.session.add(ActionPublic(action_id=action.id, public=public))
    db.session.flush()


def _checked_funding(action, funder, funder_detail, year, amount, *, line_id=None) -> str:
    """The cleaned detail, once the line's values are checked and no other line of the
    action has the same funder, detail and year (the table would count it twice)."""
    Funder(funder)
    if not 2000 <= year <= 2100:
        raise OperationRefused(_("Give a year between 2000 and 2100."))
    if not 0 <= amount <= 100_000_000:
        raise OperationRefused(_("Give an amount in whole euros, up to 100 million."))
    detail = clean_text(funder_detail)[:120]
    statement = select(FundingLine.id).filter_by(
        action_id=action.id, funder=funder, funder_detail=detail, year=year
    )
    if line_id is not None:
        statement = statement.where(FundingLine.id != line_id)
    if db.session.scalar(statement):
        raise OperationRefused(_("This funder already has a line for that year: edit it."))
    return detail


def _line_words(line: FundingLine) -> str:
    detail = f" ({line.funder_detail})" if line.funder_detail else ""
    return f"{line.funder}{detail} {line.year}: {line.amount} €"


def add_funding_line(
    territory: Territory,
    action: Action,
    *,
    funder: str,
    funder_detail: str = "",
    year: int,
    amount: int,
    is_illustrative: bool = False,
) -> FundingLine:
    _check_action(action, territory)
    detail = _checked_funding(action, funder, funder_detail, year, amount)
    line = FundingLine(
        action_id=action.id,
        funder=funder,
        funder_detail=detail,
        year=year,
        amount=amount,
        is_illustrative=is_illustrative,
    )
    db.session.add(line)
    record_staff_action(
        "funding.add",
        target=f"Action #{action.id}",
        detail=_line_words(line),
        territory=territory,
    )
    db.session.flush()
    return line


def edit_funding_line(
    territory: Territory,
    line: FundingLine,
    *,
    action: Action,
    funder: str,
    funder_detail: str = "",
    year: int,
    amount: int,
    is_illustrative: bool = False,
) -> FundingLine:
    """Correct a line where it stands; moving it to another action (hence, maybe, another
    orientation) moves its amount in the table's totals too."""
    _check_action(line.action, territory)
    _check_action(action, territory)
    detail = _checked_funding(action, funder, funder_detail, year, amount, line_id=line.id)
    before = _line_words(line)
    moved = f"Action #{line.action_id} → " if line.action_id != action.id else ""
    line.action = action
    line.funder = funder
    line.funder_detail = detail
    line.year = year
    line.amount = amount
    line.is_illustrative = is_illustrative
    record_staff_action(
        "funding.edit",
        target=f"{moved}Action #{action.id}",
        detail=f"{before} → {_line_words(line)}",
        territory=territory,
    )
    db.session.flush()
    return line


def delete_funding_line(territory: Territory, line: FundingLine) -> None:
    _check_action(line.action, territory)
    record_staff_action(
        "funding.delete",
        target=f"Action #{line.action_id}",
        detail=_line_words(line),
        territory=territory,
    )
    db.session.delete(line)
    db.session.flush()


def _checked_indicator(action, label, *, indicator_id=None) -> str:
    label = clean_text(label)[:200]
    if not label:
        raise OperationRefused(_("A name is required."))
    statement = select(Indicator.id).filter_by(action_id=action.id, label=label)
    if indicator_id is not None:
        statement = statement.where(Indicator.id != indicator_id)
    if db.session.scalar(statement):
        raise OperationRefused(_("%(name)s already exists.", name=label))
    return label


def add_indicator(
    territory: Territory,
    action: Action,
    *,
    label: str,
    unit: str = "",
    baseline: float | None = None,
    target: float | None = None,
    public_label: dict | None = None,
) -> Indicator:
    _check_action(action, territory)
    indicator = Indicator(
        action_id=action.id,
        label=_checked_indicator(action, label),
        unit=clean_text(unit)[:40],
        baseline=baseline,
        target=target,
        public_label=_public_label(public_label),
    )
    db.session.add(indicator)
    record_staff_action(
        "indicator.add", target=f"Action #{action.id}", detail=indicator.label, territory=territory
    )
    db.session.flush()
    return indicator


def _public_label(texts: dict | None) -> dict | None:
    texts = {language: text[:120] for language, text in clean_translations(texts).items()}
    if texts and not texts.get("fr"):
        raise OperationRefused(_("Write the families' wording in French too."))
    return texts or None


def edit_indicator(
    territory: Territory,
    indicator: Indicator,
    *,
    label: str,
    unit: str = "",
    baseline: float | None = None,
    target: float | None = None,
    public_label: dict | None = None,
) -> Indicator:
    action = db.session.get(Action, indicator.action_id)
    _check_action(action, territory)
    indicator.label = _checked_indicator(action, label, indicator_id=indicator.id)
    indicator.unit = clean_text(unit)[:40]
    indicator.baseline = baseline
    indicator.target = target
    indicator.public_label = _public_label(public_label)
    record_staff_action(
        "indicator.edit", target=f"Action #{action.id}", detail=indicator.label, territory=territory
    )
    db.session.flush()
    return indicator


def set_indicator_value(indicator: Indicator, *, year: int, value: float) -> None:
    if not 2000 <= year <= 2100:
        raise OperationRefused(_("Give a year between 2000 and 2100."))
    row = db.session.get(IndicatorValue, (indicator.id, year))
    if row is None:
        indicator.values.append(IndicatorValue(year=year, value=value))
    else:
        row.value = value
    db.session.flush()
