"""Reads of the action follow-up, always scoped to one territory."""

from collections import defaultdict
from dataclasses import dataclass, field

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from consult.diagnostic.models import Action, Orientation, Territory
from consult.extensions import db
from consult.followup.models import (
    ActionPartner,
    ActionPublic,
    ActionUpdate,
    FundingLine,
    Indicator,
)
from consult.followup.vocabulary import Funder


def action_or_404(action_id: int, territory: Territory) -> Action:
    return db.session.scalar(
        select(Action)
        .join(Orientation)
        .where(Action.id == action_id, Orientation.territory_id == territory.id)
    ) or abort(404)


def scoped_or_404(model, item_id, territory: Territory):
    return db.session.scalar(
        select(model)
        .join(Action, model.action_id == Action.id)
        .join(Orientation)
        .where(model.id == item_id, Orientation.territory_id == territory.id)
    ) or abort(404)


def actions(territory: Territory) -> list[Action]:
    return list(
        db.session.scalars(
            select(Action)
            .join(Orientation)
            .where(Orientation.territory_id == territory.id)
            .options(selectinload(Action.orientation))
            .order_by(Orientation.number, Action.position, Action.id)
        )
    )


def updates(action: Action) -> list[ActionUpdate]:
    return list(
        db.session.scalars(
            select(ActionUpdate)
            .filter_by(action_id=action.id)
            .order_by(ActionUpdate.dated_on.desc(), ActionUpdate.id.desc())
        )
    )


def last_updates(action_ids) -> dict[int, ActionUpdate]:
    latest: dict[int, ActionUpdate] = {}
    if not action_ids:
        return latest
    for update in db.session.scalars(
        select(ActionUpdate)
        .where(ActionUpdate.action_id.in_(list(action_ids)))
        .order_by(ActionUpdate.dated_on, ActionUpdate.id)
    ):
        latest[update.action_id] = update
    return latest


def partners_of(action_ids) -> dict[int, list[ActionPartner]]:
    result = defaultdict(list)
    if action_ids:
        for row in db.session.scalars(
            select(ActionPartner)
            .where(ActionPartner.action_id.in_(list(action_ids)))
            .options(selectinload(ActionPartner.partner))
        ):
            result[row.action_id].append(row)
        for rows in result.values():
            rows.sort(key=lambda row: (row.role != "lead", row.partner.name))
    return result


def publics_of(action_ids) -> dict[int, list[str]]:
    result = defaultdict(list)
    if action_ids:
        for row in db.session.scalars(
            select(ActionPublic).where(ActionPublic.action_id.in_(list(action_ids)))
        ):
            result[row.action_id].append(row.public)
    return result


def funding_lines(action: Action) -> list[FundingLine]:
    return list(
        db.session.scalars(
            select(FundingLine)
            .filter_by(action_id=action.id)
            .order_by(FundingLine.year, FundingLine.funder, FundingLine.funder_detail)
        )
    )


def indicators(action: Action) -> list[Indicator]:
    return list(
        db.session.scalars(
            select(Indicator)
            .filter_by(action_id=action.id)
            .options(selectinload(Indicator.values))
            .order_by(Indicator.id)
        )
    )


def indicators_of(action_ids) -> dict[int, list[Indicator]]:
    """The indicators of these actions that say something (a baseline, a target or a value),
    each with its yearly values."""
    result = defaultdict(list)
    if action_ids:
        for indicator in db.session.scalars(
            select(Indicator)
            .where(Indicator.action_id.in_(list(action_ids)))
            .options(selectinload(Indicator.values))
            .order_by(Indicator.id)
        ):
            if indicator.values or indicator.baseline is not None or indicator.target is not None:
                result[indicator.action_id].append(indicator)
    return result


@dataclass
class FundingTable:
    """The provisional funding and action table for one year (or every year): one row per
    action, one column per funder, totals per funder, per orientation and overall, all
    summed from the same lines."""

    year: int | None
    funders: list[str]
    rows: list[dict] = field(default_factory=list)
    by_orientation: list[dict] = field(default_factory=list)
    by_funder: dict[str, int] = field(default_factory=dict)
    total: int = 0
    has_illustrative: bool = False


def funding_years(territory: Territory) -> list[int]:
    return list(
        db.session.scalars(
            select(FundingLine.year)
            .join(Action, FundingLine.action_id == Action.id)
            .join(Orientation)
            .where(Orientation.territory_id == territory.id)
            .distinct()
            .order_by(FundingLine.year)
        )
    )


def funding_table(territory: Territory, year: int | None = None) -> FundingTable:
    statement = (
        select(FundingLine, Action, Orientation)
        .join(Action, FundingLine.action_id == Action.id)
        .join(Orientation, Action.orientation_id == Orientation.id)
        .where(Orientation.territory_id == territory.id)
        .order_by(Orientation.number, Action.position, Action.id)
    )
    if year is not None:
        statement = statement.where(FundingLine.year == year)
    funders = [funder.value for funder in Funder]
    table = FundingTable(year=year, funders=funders, by_funder=dict.fromkeys(funders, 0))
    rows: dict[int, dict] = {}
    orientations: dict[int, dict] = {}
    for line, action, orientation in db.session.execute(statement):
        row = rows.setdefault(
            action.id,
            {
                "action": action,
                "orientation": orientation,
                "amounts": dict.fromkeys(funders, 0),
                "total": 0,
            },
        )
        row["amounts"][line.funder] += line.amount
        row["total"] += line.amount
        per_orientation = orientations.setdefault(
            orientation.id,
            {"orientation": orientation, "amounts": dict.fromkeys(funders, 0), "total": 0},
        )
        per_orientation["amounts"][line.funder] += line.amount
        per_orientation["total"] += line.amount
        table.by_funder[line.funder] += line.amount
        table.total += line.amount
        table.has_illustrative = table.has_illustrative or line.is_illustrative
    table.rows = list(rows.values())
    table.by_orientation = list(orientations.values())
    return table


def funding_line_list(territory: Territory, year: int | None = None) -> list[FundingLine]:
    statement = (
        select(FundingLine)
        .join(Action, FundingLine.action_id == Action.id)
        .join(Orientation)
        .where(Orientation.territory_id == territory.id)
        .options(selectinload(FundingLine.action).selectinload(Action.orientation))
        .order_by(Orientation.number, Action.position, FundingLine.year, FundingLine.funder)
    )
    if year is not None:
        statement = statement.where(FundingLine.year == year)
    return list(db.session.scalars(statement))
