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
exports are pseudonymised personal data, handled as such (docs/privacy.md).

Formats (consult/review/export_columns.py is the codebook they share): CSV for R / Python
(`,`, UTF-8, machine names and codes), CSV for French Excel (`;`, a byte-order mark, headers
and labels in words), XLSX (headers and labels, real dates and numbers, a codebook sheet), and
JSON (machine names and codes, with the codebook and the diagnostic). A masked cell says so
("masked"), never a blank; words not yet approved say "withheld"."""

import csv
import io
import json
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import xlsxwriter
from sqlalchemy import func, select

from consult.audit.operations import record_staff_action
from consult.consultation.models import Answer, Channel, Consultation, Response
from consult.consultation.standing import counts_in_figures
from consult.consultation.vocabulary import FREE_TEXT_PURPOSES
from consult.core.db import commit
from consult.core.masking import NOBODY, is_small, masked_groups
from consult.core.translatable import translated
from consult.diagnostic.models import Action, Axis, Orientation, SwotItem, Territory, Workshop
from consult.extensions import db
from consult.outreach.models import OutreachSession
from consult.review import participation, queries
from consult.review.export_columns import (
    COLUMNS,
    ITEM_SEPARATOR,
    MASKED,
    MASKED_LABEL,
    TABLE_TITLES,
    WITHHELD,
    WITHHELD_LABEL,
    codebook_rows,
)
from consult.review.models import AnswerAdditionalItem
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
        .where(Consultation.territory_id == territory.id, counts_in_figures(Response))
    )
    statement = where_responses_match(statement, filters)
    return statement.order_by(Response.id)


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
# The dashboard keeps the groups its targets follow in view; so do the files.
KEPT_BY_TARGETS = {3: "audience", CHANNEL: "channel"}


def small_groups(territory: Territory) -> dict[tuple[int, int], set]:
    """Per (consultation id, column index): the values to blank, exactly the groups the
    dashboard masks (each consultation's groups counted in people, ties broken alike)."""
    masks = {}
    for index, column in PROFILE_COLUMNS.items():
        statement = (
            select(Response.consultation_id, column, func.sum(PEOPLE))
            .join(Consultation, Response.consultation_id == Consultation.id)
            .where(Consultation.territory_id == territory.id, counts_in_figures(Response))
            .group_by(Response.consultation_id, column)
        )
        people: dict[int, dict] = {}
        for consultation_id, value, count in db.session.execute(statement):
            people.setdefault(consultation_id, {})[value] = int(count or 0)
        kept = participation.kept_in_view(list(people))
        for consultation_id, groups in people.items():
            total = sum(groups.values())
            if index in LISTED_ONLY:
                groups = {value: count for value, count in groups.items() if value is not None}
            keep = kept[consultation_id].get(KEPT_BY_TARGETS.get(index), ())
            masks[(consultation_id, index)] = masked_groups(groups, total, keep)
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
        .where(Consultation.territory_id == territory.id, counts_in_figures(Response))
        .group_by(Response.consultation_id),
        filters,
    )
    return any(is_small(int(count or 0)) for count in db.session.scalars(people))


def _stream(statement):
    """Rows of a plain column statement, fetched in batches through the session's connection
    (no ORM row processing: these are values, not objects)."""
    # The option belongs to this statement only: set on the connection, it would make every
    # later statement of the request (an insert in a test, say) a server-side cursor too.
    return db.session.connection().execute(statement.execution_options(yield_per=BATCH))


def _batches(statement):
    """The same rows, a batch at a time: one fetch per batch rather than one per row."""
    return _stream(statement).partitions()


def response_rows(territory: Territory, filters: ExportFilters) -> Iterator[list]:
    masks = small_groups(territory)
    result = _stream(_responses_statement(territory, filters))
    for row in result:
        values = list(row)
        for index in PROFILE_COLUMNS:
            if values[index] is not MASKED and values[index] in masks.get((values[1], index), ()):
                values[index] = MASKED
                if index == CHANNEL:
                    values[CHANNEL_NAME] = MASKED
                if index == SESSION:
                    # The sheet's reference starts with the session's.
                    values[PAPER_REFERENCE] = _masked_if_any(values[PAPER_REFERENCE])
                if index == MODE:
                    # Only paper sheets have a reference, only groups a size.
                    values[PAPER_REFERENCE] = _masked_if_any(values[PAPER_REFERENCE])
                    values[GROUP_SIZE] = _masked_if_any(values[GROUP_SIZE])
        yield values[:12]


def _masked_if_any(value):
    """A blank that was blank stays blank; a value that would give a small group away says
    it was masked."""
    return None if value is None else MASKED


def _exported_answers(statement, territory: Territory, filters: ExportFilters):
    """Narrows a statement on answers to those of the exported responses. Answers carry their
    consultation, audience and standing (copied from their response), so without a channel
    or language filter they are read alone, not joined to their responses row by row."""
    if filters.channel_id or filters.language:
        responses = (
            _responses_statement(territory, filters).with_only_columns(Response.id).subquery()
        )
        return statement.join(responses, Answer.response_id == responses.c.id)
    consultations = select(Consultation.id).where(Consultation.territory_id == territory.id)
    statement = statement.where(Answer.consultation_id.in_(consultations))
    if filters.consultation_id:
        statement = statement.where(Answer.consultation_id == filters.consultation_id)
    if filters.audience:
        statement = statement.where(Answer.audience == filters.audience)
    return statement.where(counts_in_figures(Answer))


def answer_rows(territory: Territory, filters: ExportFilters) -> Iterator[list]:
    lookups = _lookups(territory)
    orientation_numbers = lookups["orientation_numbers"]
    axis_numbers = lookups["axis_numbers"]
    action_titles = lookups["action_titles"]
    statement = _exported_answers(
        select(
            Answer.id,
            Answer.response_id,
            Answer.purpose,
            Answer.orientation_id,
            Answer.axis_id,
            Answer.quadrant,
            Answer.priority,
            Answer.action_id,
            Answer.action_id,
            Answer.text,
            Answer.french_text,
            Answer.moderation,
            Answer.swot_item_id,
        ),
        territory,
        filters,
    ).order_by(Answer.id)
    further_items = _further_items(territory, filters)
    no_item = ()
    for batch in _batches(statement):
        for row in batch:
            values = list(row)
            answer_id, purpose, orientation, axis, action, first_item = (
                values[0],
                values[2],
                values[3],
                values[4],
                values[8],
                values[12],
            )
            if orientation is not None:
                values[3] = orientation_numbers.get(orientation)
            if axis is not None:
                values[4] = axis_numbers.get(axis)
            if action is not None:
                values[8] = action_titles.get(action)
            # Every item the answer supports, its first one first (as on the answer's page).
            if first_item is None:
                values[12] = no_item
            elif answer_id in further_items:
                values[12] = (first_item, *further_items[answer_id])
            else:
                values[12] = (first_item,)
            # Words not yet approved by a coordinator never leave the back office.
            if purpose in FREE_TEXT_PURPOSES and values[11] not in VISIBLE:
                values[9] = WITHHELD if values[9] is not None else None
                values[10] = WITHHELD if values[10] is not None else None
            yield values


def _further_items(territory: Territory, filters: ExportFilters) -> dict[int, tuple[int, ...]]:
    """The SWOT items after the first of the exported answers that support several, in the
    order they were attached: read once, as few answers speak of more than one thing, so
    the rows need no query of their own."""
    statement = _exported_answers(
        select(AnswerAdditionalItem.answer_id, AnswerAdditionalItem.swot_item_id).join(
            Answer, Answer.id == AnswerAdditionalItem.answer_id
        ),
        territory,
        filters,
    ).order_by(
        AnswerAdditionalItem.answer_id,
        AnswerAdditionalItem.attached_at,
        AnswerAdditionalItem.swot_item_id,
    )
    further: dict[int, tuple[int, ...]] = {}
    for answer_id, item_id in db.session.execute(statement):
        further[answer_id] = (*further.get(answer_id, ()), item_id)
    return further


def swot_rows(territory: Territory) -> Iterator[list]:
    # The board's own figure of people per item, published by the small-group layer.
    support = queries.support(territory)
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
        )
        .join(Axis, SwotItem.axis_id == Axis.id)
        .where(SwotItem.territory_id == territory.id)
        .order_by(Axis.number, SwotItem.quadrant, SwotItem.id)
    )
    for row in db.session.execute(statement):
        people = support[row[0]].people if row[0] in support else NOBODY
        yield [*row, people.value if people.is_shown else MASKED]


def axis_rows(territory: Territory) -> Iterator[list]:
    for axis in db.session.scalars(
        select(Axis).filter_by(territory_id=territory.id).order_by(Axis.number)
    ):
        yield [axis.number, translated(axis.title, "fr"), translated(axis.description, "fr")]


def workshop_rows(territory: Territory) -> Iterator[list]:
    statement = (
        select(Workshop, Axis.number)
        .join(Axis, Workshop.axis_id == Axis.id)
        .where(Workshop.territory_id == territory.id)
        .order_by(Workshop.held_on, Workshop.id)
    )
    for workshop, axis_number in db.session.execute(statement):
        yield [
            workshop.id,
            workshop.phase,
            axis_number,
            workshop.held_on,
            workshop.head_count,
            workshop.objectives,
        ]


def orientation_rows(territory: Territory) -> Iterator[list]:
    for orientation in db.session.scalars(
        select(Orientation).filter_by(territory_id=territory.id).order_by(Orientation.number)
    ):
        yield [
            orientation.number,
            translated(orientation.title, "fr"),
            translated(orientation.family_title, "fr"),
            ", ".join(str(axis.number) for axis in orientation.axes),
            orientation.validated_on,
            orientation.validated_by,
        ]


def action_rows(territory: Territory) -> Iterator[list]:
    statement = (
        select(Action, Orientation.number)
        .join(Orientation, Action.orientation_id == Orientation.id)
        .where(Orientation.territory_id == territory.id)
        .order_by(Orientation.number, Action.position, Action.id)
    )
    for action, orientation_number in db.session.execute(statement):
        yield [
            action.id,
            orientation_number,
            action.position,
            translated(action.title, "fr"),
            action.origin,
        ]


def _lookups(territory: Territory) -> dict:
    """Ids to numbers and titles, read once per export instead of joined on every row."""
    orientations = db.session.execute(
        select(Orientation.id, Orientation.number, Orientation.title).filter_by(
            territory_id=territory.id
        )
    ).all()
    axes = db.session.execute(
        select(Axis.id, Axis.number, Axis.title).filter_by(territory_id=territory.id)
    ).all()
    actions = db.session.execute(
        select(Action.id, Action.title)
        .join(Orientation, Action.orientation_id == Orientation.id)
        .where(Orientation.territory_id == territory.id)
    ).all()
    consultations = db.session.execute(
        select(Consultation.id, Consultation.title).filter_by(territory_id=territory.id)
    ).all()
    sessions = db.session.execute(
        select(OutreachSession.id, OutreachSession.place, OutreachSession.held_on).filter_by(
            territory_id=territory.id
        )
    ).all()
    return {
        "orientation_numbers": {row.id: row.number for row in orientations},
        "axis_numbers": {row.id: row.number for row in axes},
        "action_titles": {row.id: translated(row.title, "fr") for row in actions},
        # Labels in words, for the spreadsheet formats.
        "orientations": {row.number: _numbered(row) for row in orientations},
        "axes": {row.number: _numbered(row) for row in axes},
        "consultations": {row.id: translated(row.title) for row in consultations},
        "sessions": {row.id: f"{row.place} · {row.held_on.isoformat()}" for row in sessions},
    }


def _numbered(row) -> str:
    return f"{row.number}. {translated(row.title)}"


TABLES = {
    "responses": lambda territory, filters: response_rows(territory, filters),
    "answers": lambda territory, filters: answer_rows(territory, filters),
    "swot_items": lambda territory, filters: swot_rows(territory),
    "axes": lambda territory, filters: axis_rows(territory),
    "workshops": lambda territory, filters: workshop_rows(territory),
    "orientations": lambda territory, filters: orientation_rows(territory),
    "actions": lambda territory, filters: action_rows(territory),
    "codebook": lambda territory, filters: codebook_rows(),
}
# What the families said, then the diagnostic it is read against, then how to read it all.
FAMILY_TABLES = ("responses", "answers")
DIAGNOSTIC_TABLES = ("axes", "workshops", "swot_items", "orientations", "actions")


# Writing: one row of codes becomes a row of each format. Each column gets its converter
# once per export, and only the columns that need one are touched, so 750,000 answers are
# written in seconds rather than minutes.

CODE_CSV, CODE_JSON, LABEL_CSV, LABEL_XLSX = "code_csv", "code_json", "label_csv", "label_xlsx"


def _converter(column, mode: str, lookups):
    """The function turning one cell of this column into what `mode` writes, or None when
    the value is written as it is."""
    if column.kind == "ids":
        return _ids_converter(mode)
    labelled = mode in (LABEL_CSV, LABEL_XLSX)
    masked = str(MASKED_LABEL) if labelled else MASKED.code
    withheld = str(WITHHELD_LABEL) if labelled else WITHHELD.code
    guard = mode in (CODE_CSV, LABEL_CSV)

    if labelled and column.labels is not None:
        if callable(column.labels):
            function = column.labels

            def to_label(value):
                return function(value, lookups)
        else:
            words = {code: str(label) for code, label in column.labels.items()}

            def to_label(value):
                return words.get(value, value)
    else:
        to_label = None

    def convert(value):
        if value is None:
            return None
        if value is MASKED:
            return masked
        if value is WITHHELD:
            return withheld
        if to_label is not None:
            value = to_label(value)
        if column.kind == "date" and mode != LABEL_XLSX:
            return value.isoformat()
        if column.kind == "bool" and mode == CODE_CSV:
            return "true" if value else "false"
        if guard and isinstance(value, str):
            return neutralise(value)
        return value

    return convert


def _ids_converter(mode: str):
    """Several numbers in one cell: a list in JSON; in a CSV or spreadsheet cell, joined by
    ITEM_SEPARATOR (a lone number stays a number in the spreadsheet, so it sorts)."""
    if mode == CODE_JSON:
        return list

    def joined(ids):
        if not ids:
            return None
        if len(ids) == 1:
            return ids[0]
        return ITEM_SEPARATOR.join(map(str, ids))

    return joined


class _Once(dict):
    """A column's converter that converts each distinct value once: for a column of few
    values (codes, labels, days, titles), a cell costs a dictionary lookup."""

    def __init__(self, convert):
        super().__init__()
        self.convert = convert

    def __missing__(self, value):
        converted = self[value] = self.convert(value)
        return converted


def _converters(table: str, mode: str, lookups) -> list[tuple[int, object]]:
    """Converters for the columns that need one in this mode; the others pass untouched."""
    needed = []
    for index, column in enumerate(COLUMNS[table]):
        vocabulary = column.labels is not None
        if (
            index in MARKER_COLUMNS.get(table, ())
            or column.kind == "ids"
            or (mode in (LABEL_CSV, LABEL_XLSX) and vocabulary)
            or (column.kind == "date" and mode != LABEL_XLSX)
            or (column.kind == "bool" and mode == CODE_CSV)
            # Free text may start like a formula; a vocabulary's codes never do.
            or (mode in (CODE_CSV, LABEL_CSV) and column.kind == "text" and not vocabulary)
        ):
            convert = _converter(column, mode, lookups)
            if vocabulary or column.few_values or column.kind in ("date", "bool"):
                # Free text is converted cell by cell: remembering it would hold every answer.
                convert = _Once(convert).__getitem__
            needed.append((index, convert))
    return needed


# The columns where a cell may say "masked" (a small group's profile) or "withheld" (words
# not approved yet): positions in the rows of response_rows and answer_rows.
MARKER_COLUMNS = {
    "responses": {CHANNEL_NAME, 3, 4, 5, 6, MODE, GROUP_SIZE, SESSION, PAPER_REFERENCE},
    "answers": {9, 10},
    # Families' support of an item: masked like the board's figure.
    "swot_items": {8},
}


def _converted_rows(table: str, territory: Territory, filters: ExportFilters, mode: str):
    lookups = _lookups(territory) if mode in (LABEL_CSV, LABEL_XLSX) else None
    converters = _converters(table, mode, lookups)
    for row in TABLES[table](territory, filters):
        for index, convert in converters:
            # Most cells of a large table are empty: those are written as they are.
            if (value := row[index]) is not None:
                row[index] = convert(value)
        yield row


CSV_FLAVOURS = {
    # French Excel reads a semicolon-separated file with a byte-order mark as UTF-8.
    "excel": {"delimiter": ";", "bom": "\ufeff", "mode": LABEL_CSV},
    # R's read.csv, pandas: commas, plain UTF-8, machine names and codes.
    "plain": {"delimiter": ",", "bom": "", "mode": CODE_CSV},
}


def csv_stream(
    table: str, territory: Territory, filters: ExportFilters, flavour: str = "plain"
) -> Iterator[str]:
    settings = CSV_FLAVOURS[flavour]
    columns = COLUMNS[table]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=settings["delimiter"], lineterminator="\r\n")
    yield settings["bom"]
    if settings["mode"] == LABEL_CSV:
        writer.writerow([str(column.header) for column in columns])
    else:
        writer.writerow([column.key for column in columns])
    batch = []
    for row in _converted_rows(table, territory, filters, settings["mode"]):
        batch.append(row)
        if len(batch) == BATCH:
            writer.writerows(batch)
            batch.clear()
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    writer.writerows(batch)
    yield buffer.getvalue()


def json_stream(territory: Territory, filters: ExportFilters) -> Iterator[str]:
    """One object: the families' tables, the diagnostic, and the codebook, as codes."""
    yield "{"
    for index, table in enumerate((*FAMILY_TABLES, *DIAGNOSTIC_TABLES, "codebook")):
        keys = [column.key for column in COLUMNS[table]]
        yield ("," if index else "") + json.dumps(table) + ":["
        batch = []
        first = True
        for row in _converted_rows(table, territory, filters, CODE_JSON):
            batch.append(dict(zip(keys, row, strict=True)))
            if len(batch) == BATCH:
                yield ("" if first else ",") + json.dumps(batch, ensure_ascii=False)[1:-1]
                first = False
                batch.clear()
        if batch:
            yield ("" if first else ",") + json.dumps(batch, ensure_ascii=False)[1:-1]
        yield "]"
    yield "}"


def xlsx_file(territory: Territory, filters: ExportFilters):
    """A spreadsheet with a sheet per table, headers and labels in words, real dates and
    numbers, written row by row to a temporary file. Cells are written as strings, never read
    as formulas, so no guard character is needed."""
    # Closed by send_file once the download is done.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    options = {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    workbook = xlsxwriter.Workbook(handle, options)
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    header_format = workbook.add_format({"bold": True})
    for table in (*FAMILY_TABLES, *DIAGNOSTIC_TABLES, "codebook"):
        columns = COLUMNS[table]
        sheet = workbook.add_worksheet(str(TABLE_TITLES[table])[:31])
        sheet.write_row(0, 0, [str(column.header) for column in columns], header_format)
        sheet.freeze_panes(1, 0)
        rows = _converted_rows(table, territory, filters, LABEL_XLSX)
        for number, row in enumerate(rows, start=1):
            for position, cell in enumerate(row):
                if cell is None:
                    continue
                if isinstance(cell, date):
                    sheet.write_datetime(number, position, cell, date_format)
                elif isinstance(cell, bool):
                    sheet.write_boolean(number, position, cell)
                elif isinstance(cell, int | float):
                    sheet.write_number(number, position, cell)
                else:
                    sheet.write_string(number, position, str(cell))
    workbook.close()
    handle.seek(0)
    return handle
