"""Exports of responses, answers and the coded model: CSV, XLSX and JSON.

Rows are read in batches and written as they come, so memory stays flat whatever the size.
Spreadsheet formulas are neutralised: a cell starting with = + - @ (or a tab or carriage
return) is prefixed with an apostrophe, so opening the file never runs anything.

Rows are for coordinators only. A profile value shared by fewer than MIN_GROUP people of a
consultation (an audience, age band, language, day, way of answering, channel or outreach
session) is blanked, with the values that would give it away, exactly as the dashboard masks
them (consult/core/masking.py); a hidden way of answering takes its paper reference and group
size with it; and filters that name such a group, or narrow the rows down to fewer than
MIN_GROUP people, are refused. A row-level file still cannot be made anonymous (several
columns together, or the questions a response answered, can narrow a blank value down):
exports are pseudonymised personal data, handled as such (docs/privacy.md)."""

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import xlsxwriter
from sqlalchemy import func, select

from consult.audit.operations import record_staff_action
from consult.consultation.models import Answer, Channel, Consultation, Response
from consult.core.db import commit
from consult.core.masking import is_small, masked_groups
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Territory
from consult.extensions import db
from consult.review.queries import PEOPLE, where_responses_match

BATCH = 1000
DANGEROUS_FIRST_CHARACTERS = ("=", "+", "-", "@", "\t", "\r")
VISIBLE = ("approved", "redacted")


def neutralise(value):
    if isinstance(value, str) and value.startswith(DANGEROUS_FIRST_CHARACTERS):
        return "'" + value
    return value


@dataclass
class ExportFilters:
    consultation_id: int | None = None
    channel_id: int | None = None
    audience: str | None = None
    language: str | None = None


def record_download(territory: Territory, file_name: str, filters: ExportFilters) -> None:
    """Who downloaded which file with which filters, in the staff audit trail. Committed
    before the first byte is sent (the download itself writes nothing else); the territory
    is read again at once, as the stream reads it after the request's session has closed."""
    described = ", ".join(
        f"{name}={value}" for name, value in filters.__dict__.items() if value is not None
    )
    record_staff_action(
        "export.download",
        target=file_name,
        detail=described or "no filter",
        territory=territory,
    )
    commit()
    db.session.refresh(territory)


def _responses_statement(territory: Territory, filters: ExportFilters):
    statement = (
        select(
            Response.id,
            Consultation.id,
            Channel.name,
            Response.audience,
            Response.age_band,
            Response.language,
            Response.submitted_on,
            Response.mode,
            Response.group_size,
            Response.outreach_session_id,
            Response.is_late,
            Response.paper_reference,
            # Read to blank a small group's channel; not exported.
            Response.channel_id,
        )
        .join(Consultation, Response.consultation_id == Consultation.id)
        .outerjoin(Channel, Response.channel_id == Channel.id)
        .where(Consultation.territory_id == territory.id)
    )
    statement = where_responses_match(statement, filters)
    return statement.order_by(Response.id)


RESPONSE_COLUMNS = [
    "response_id",
    "consultation_id",
    "channel",
    "audience",
    "age_band",
    "language",
    "submitted_on",
    "mode",
    "group_size",
    "outreach_session_id",
    "arrived_late",
    "paper_reference",
]
ANSWER_COLUMNS = [
    "answer_id",
    "response_id",
    "purpose",
    "orientation",
    "axis",
    "quadrant",
    "priority",
    "action",
    "text",
    "french_text",
    "moderation",
    "swot_item_id",
]
SWOT_COLUMNS = [
    "swot_item_id",
    "axis",
    "quadrant",
    "statement",
    "voice",
    "source",
    "weight",
    "is_illustrative",
    "family_contributions",
]


# Profile columns that could single someone out: export column index -> what is grouped.
PROFILE_COLUMNS = {
    3: Response.audience,
    4: Response.age_band,
    5: Response.language,
    6: Response.submitted_on,
    7: Response.mode,
    12: Response.channel_id,
    9: Response.outreach_session_id,
}
CHANNEL_NAME, MODE, GROUP_SIZE, SESSION, PAPER_REFERENCE, CHANNEL = 2, 7, 8, 9, 11, 12
# Listed on the dashboard without "none" as a row: a response outside any channel or session
# counts in the whole only, there as here.
LISTED_ONLY = {CHANNEL, SESSION}


def small_groups(territory: Territory) -> dict[tuple[int, int], set]:
    """Per (consultation id, column index): the values to blank, exactly the groups the
    dashboard masks (each consultation's groups counted in people, ties broken alike)."""
    masks = {}
    for index, column in PROFILE_COLUMNS.items():
        statement = (
            select(Response.consultation_id, column, func.sum(PEOPLE))
            .join(Consultation, Response.consultation_id == Consultation.id)
            .where(Consultation.territory_id == territory.id)
            .group_by(Response.consultation_id, column)
        )
        people: dict[int, dict] = {}
        for consultation_id, value, count in db.session.execute(statement):
            people.setdefault(consultation_id, {})[value] = int(count or 0)
        for consultation_id, groups in people.items():
            total = sum(groups.values())
            if index in LISTED_ONLY:
                groups = {value: count for value, count in groups.items() if value is not None}
            masks[(consultation_id, index)] = masked_groups(groups, total)
    return masks


def filter_singles_out(territory: Territory, filters: ExportFilters) -> bool:
    """Whether the filters name a group that is masked in one of the exported consultations,
    or, together, narrow one down to fewer than MIN_GROUP people."""
    chosen = {3: filters.audience, 5: filters.language, CHANNEL: filters.channel_id}
    for (consultation_id, index), hidden in small_groups(territory).items():
        if filters.consultation_id and consultation_id != filters.consultation_id:
            continue
        if chosen.get(index) is not None and chosen[index] in hidden:
            return True
    if not any(value is not None for value in chosen.values()):
        return False
    people = where_responses_match(
        select(func.sum(PEOPLE))
        .join(Consultation, Response.consultation_id == Consultation.id)
        .where(Consultation.territory_id == territory.id)
        .group_by(Response.consultation_id),
        filters,
    )
    return any(is_small(int(count or 0)) for count in db.session.scalars(people))


def response_rows(territory: Territory, filters: ExportFilters) -> Iterator[list]:
    masks = small_groups(territory)
    result = db.session.execute(
        _responses_statement(territory, filters).execution_options(yield_per=BATCH)
    )
    for row in result:
        values = list(row)
        for index in PROFILE_COLUMNS:
            if values[index] in masks.get((values[1], index), ()):
                values[index] = None
                if index == CHANNEL:
                    values[CHANNEL_NAME] = None
                if index == SESSION:
                    # The sheet's reference starts with the session's.
                    values[PAPER_REFERENCE] = None
                if index == MODE:
                    # Only paper sheets have a reference, only groups a size.
                    values[PAPER_REFERENCE] = values[GROUP_SIZE] = None
        values[6] = values[6].isoformat() if values[6] else None
        yield values[:12]


def answer_rows(territory: Territory, filters: ExportFilters) -> Iterator[list]:
    responses = _responses_statement(territory, filters).with_only_columns(Response.id).subquery()
    statement = (
        select(
            Answer.id,
            Answer.response_id,
            Answer.purpose,
            Orientation.number,
            Axis.number,
            Answer.quadrant,
            Answer.priority,
            Action.title,
            Answer.text,
            Answer.french_text,
            Answer.moderation,
            Answer.swot_item_id,
        )
        .join(responses, Answer.response_id == responses.c.id)
        .outerjoin(Orientation, Answer.orientation_id == Orientation.id)
        .outerjoin(Axis, Answer.axis_id == Axis.id)
        .outerjoin(Action, Answer.action_id == Action.id)
        .order_by(Answer.id)
        .execution_options(yield_per=BATCH)
    )
    for row in db.session.execute(statement):
        values = list(row)
        values[7] = (values[7] or {}).get("fr") if values[7] else None
        # Words not yet approved by a coordinator never leave the back office.
        if values[2] in ("swot",) and values[10] not in VISIBLE:
            values[8] = None
            values[9] = None
        yield values


def swot_rows(territory: Territory) -> Iterator[list]:
    support = (
        select(Answer.swot_item_id, func.count(Answer.id).label("count"))
        .where(Answer.moderation.in_(VISIBLE), Answer.swot_item_id.is_not(None))
        .group_by(Answer.swot_item_id)
        .subquery()
    )
    statement = (
        select(
            SwotItem.id,
            Axis.number,
            SwotItem.quadrant,
            SwotItem.statement,
            SwotItem.voice,
            SwotItem.source,
            SwotItem.weight,
            SwotItem.is_illustrative,
            func.coalesce(support.c.count, 0),
        )
        .join(Axis, SwotItem.axis_id == Axis.id)
        .outerjoin(support, support.c.swot_item_id == SwotItem.id)
        .where(SwotItem.territory_id == territory.id)
        .order_by(Axis.number, SwotItem.quadrant, SwotItem.id)
    )
    for row in db.session.execute(statement):
        yield list(row)


TABLES = {
    "responses": (RESPONSE_COLUMNS, lambda territory, filters: response_rows(territory, filters)),
    "answers": (ANSWER_COLUMNS, lambda territory, filters: answer_rows(territory, filters)),
    "swot_items": (SWOT_COLUMNS, lambda territory, filters: swot_rows(territory)),
}


def csv_stream(table: str, territory: Territory, filters: ExportFilters) -> Iterator[str]:
    columns, rows = TABLES[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # A byte-order mark, so spreadsheet programs read the accents right.
    yield "\ufeff"
    writer.writerow(columns)
    for count, row in enumerate(rows(territory, filters), start=1):
        writer.writerow([neutralise(value) for value in row])
        if count % 200 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_stream(territory: Territory, filters: ExportFilters) -> Iterator[str]:
    yield "{"
    for index, (table, (columns, rows)) in enumerate(TABLES.items()):
        yield ("," if index else "") + json.dumps(table) + ":["
        for count, row in enumerate(rows(territory, filters)):
            yield ("," if count else "") + json.dumps(
                dict(zip(columns, row, strict=True)), ensure_ascii=False
            )
        yield "]"
    yield "}"


def xlsx_file(territory: Territory, filters: ExportFilters):
    """A spreadsheet with a sheet per table, written row by row to a temporary file."""
    # Closed by send_file once the download is done.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(handle, options)
    for table, (columns, rows) in TABLES.items():
        sheet = workbook.add_worksheet(table)
        sheet.write_row(0, 0, columns)
        for number, row in enumerate(rows(territory, filters), start=1):
            sheet.write_row(number, 0, [neutralise(value) for value in row])
    workbook.close()
    handle.seek(0)
    return handle
