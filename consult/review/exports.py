"""Anonymous exports of responses, answers and the coded model: CSV, XLSX and JSON.

Rows are read in batches and written as they come, so memory stays flat whatever the size.
Spreadsheet formulas are neutralised: a cell starting with = + - @ (or a tab or carriage
return) is prefixed with an apostrophe, so opening the file never runs anything."""

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass

import xlsxwriter
from sqlalchemy import func, select

from consult.consultation.models import Answer, Channel, Consultation, Response
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Territory
from consult.extensions import db
from consult.review.queries import where_responses_match

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


def response_rows(territory: Territory, filters: ExportFilters) -> Iterator[list]:
    result = db.session.execute(
        _responses_statement(territory, filters).execution_options(yield_per=BATCH)
    )
    for row in result:
        values = list(row)
        values[6] = values[6].isoformat()
        yield values


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
