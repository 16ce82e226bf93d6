"""Each column's values, written to JSON and read back without losing anything.

JSON has no date, datetime, decimal or bytes: those travel as strings and are read back by
the column's type. A JSON column travels as the document's exact text, so SQL NULL (null)
and a JSON null (the string "null") stay different.
"""

import base64
import json
from collections.abc import Callable
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Column, Date, DateTime, Float, LargeBinary, Numeric, Text, Time, cast
from sqlalchemy import null as sql_null
from sqlalchemy.sql.elements import ColumnElement


def kind_of(column: Column) -> str:
    """How the column's values are written to the file."""
    column_type = column.type
    if isinstance(column_type, JSON):
        return "json"
    if isinstance(column_type, DateTime):
        return "datetime"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, Time):
        return "time"
    if isinstance(column_type, Numeric) and not isinstance(column_type, Float):
        return "decimal"
    if isinstance(column_type, LargeBinary):
        return "base64"
    return "plain"


def selected(column: Column) -> ColumnElement:
    """What to select: a JSON column as its stored text, so the file keeps it as stored."""
    if kind_of(column) == "json":
        return cast(column, Text).label(column.name)
    return column


def _json_from_text(text: str) -> Any:
    value = json.loads(text)
    # None would be stored as a JSON null too, but say so: a SQL NULL is never written here.
    return JSON.NULL if value is None else value


_ENCODERS: dict[str, Callable[[Any], Any]] = {
    "json": lambda text: text,
    "datetime": datetime.isoformat,
    "date": date.isoformat,
    "time": time.isoformat,
    "decimal": str,
    "base64": lambda data: base64.b64encode(data).decode("ascii"),
    "plain": lambda value: value,
}

_DECODERS: dict[str, Callable[[Any], Any]] = {
    "json": _json_from_text,
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "decimal": Decimal,
    "base64": base64.b64decode,
    "plain": lambda value: value,
}


def encoder(kind: str) -> Callable[[Any], Any]:
    encode = _ENCODERS[kind]
    return lambda value: None if value is None else encode(value)


def decoder(kind: str) -> Callable[[Any], Any]:
    """For an INSERT through SQLAlchemy."""
    decode = _DECODERS[kind]
    # A SQL NULL in a JSON column must be said explicitly, or SQLAlchemy writes a JSON null.
    missing = sql_null() if kind == "json" else None
    return lambda value: missing if value is None else decode(value)


def copy_decoder(kind: str) -> Callable[[Any], Any]:
    """For PostgreSQL's COPY, which takes a JSON document as its text, as the file has it."""
    if kind == "json":
        return lambda value: value
    decode = _DECODERS[kind]
    return lambda value: None if value is None else decode(value)
