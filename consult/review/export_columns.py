"""The codebook of the exports: every column of every exported table, its machine name, its
header in the coordinator's language, what it holds, and how its codes read in words.

One table of definitions serves every format: the R / Python CSV and the JSON keep the machine
names and codes; the French Excel CSV and the XLSX show headers and labels; the codebook file
(or sheet) lists both, so every file can be read on its own."""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from consult.consultation.vocabulary import AUDIENCE_LABELS, PURPOSE_LABELS
from consult.core.languages import native_name
from consult.diagnostic.vocabulary import (
    ACTION_ORIGIN_LABELS,
    PHASE_LABELS,
    QUADRANT_SINGULAR,
    VOICE_LABELS,
)


class Masked:
    """A value withheld because it would single out fewer than MIN_GROUP people."""

    code = "masked"

    def __repr__(self) -> str:
        return "MASKED"


class Withheld:
    """Written words a coordinator has not approved: they never leave the back office."""

    code = "withheld"

    def __repr__(self) -> str:
        return "WITHHELD"


MASKED = Masked()
WITHHELD = Withheld()
# Between the numbers of a cell holding several (an answer's SWOT items) in CSV and XLSX.
ITEM_SEPARATOR = " | "
MASKED_LABEL = _l("masked (fewer than 5 people)")
WITHHELD_LABEL = _l("withheld (not approved yet)")

AGE_BAND_LABELS = {
    "under_11": _l("Under 11"),
    "11_15": _l("11 to 15"),
    "16_25": _l("16 to 25"),
}
MODE_LABELS = {
    "self": _l("on their own"),
    "assisted": _l("helped"),
    "group": _l("group"),
    "paper": _l("paper"),
}
MODERATION_LABELS = {
    "pending": _l("To review"),
    "approved": _l("Approved"),
    "redacted": _l("Redacted"),
    "hidden": _l("Hidden"),
}
PRIORITY_LABELS = {1: _l("Not a priority"), 2: _l("Important"), 3: _l("Very important")}
BOOLEAN_LABELS = {True: _l("Yes"), False: _l("No")}


@dataclass(frozen=True)
class Column:
    key: str
    header: object
    description: object
    # "text", "int", "date", "bool", or "ids" (several numbers: a list in JSON, joined by
    # ITEM_SEPARATOR elsewhere): how a cell is written.
    kind: str = "text"
    # A code -> label map, or a function of (code, lookups) for labels read from the database.
    labels: dict | Callable | None = None
    # Shown in the codebook: the codes this column takes.
    codes: dict = field(default_factory=dict)
    # Text drawn from a short list (a channel's name, an action's title), not typed freely:
    # the exports convert each value once.
    few_values: bool = False

    def label(self, value, lookups):
        if value is None:
            return None
        if self.labels is None:
            return value
        if callable(self.labels):
            return self.labels(value, lookups)
        label = self.labels.get(value)
        return str(label) if label is not None else value


def _numbered(kind: str):
    def label(value, lookups):
        return lookups[kind].get(value, value)

    return label


def _language(code, _lookups):
    return native_name(code)


def _enum_codes(labels: dict) -> dict:
    return {str(code): label for code, label in labels.items()}


RESPONSES = [
    Column("response_id", _l("Response no."), _l("One person's or one group's answers."), "int"),
    Column(
        "consultation_id",
        _l("Consultation"),
        _l("The consultation answered."),
        "int",
        _numbered("consultations"),
    ),
    Column(
        "channel",
        _l("Channel"),
        _l("Where the form was opened (a QR code, a link)."),
        few_values=True,
    ),
    Column(
        "audience",
        _l("Audience"),
        _l("Who answered."),
        labels=AUDIENCE_LABELS,
        codes=_enum_codes(AUDIENCE_LABELS),
    ),
    Column(
        "age_band",
        _l("Age band"),
        _l("Children and young people only."),
        labels=AGE_BAND_LABELS,
        codes=AGE_BAND_LABELS,
    ),
    Column("language", _l("Language"), _l("Language of the form."), labels=_language),
    Column("submitted_on", _l("Day"), _l("Day of the answer (never the time)."), "date"),
    Column(
        "mode",
        _l("Way of answering"),
        _l("Alone, helped by a facilitator, as a group, or on paper."),
        labels=MODE_LABELS,
        codes=MODE_LABELS,
    ),
    Column(
        "group_size",
        _l("Group size"),
        _l("For a group answer: how many people it speaks for."),
        "int",
    ),
    Column(
        "outreach_session_id",
        _l("Outreach session"),
        _l("The outreach session it was collected in."),
        "int",
        _numbered("sessions"),
    ),
    Column(
        "arrived_late",
        _l("Arrived late"),
        _l("Sent by a tablet after its session closed."),
        "bool",
        BOOLEAN_LABELS,
    ),
    Column("paper_reference", _l("Paper sheet"), _l("Session reference and sheet number.")),
]

ANSWERS = [
    Column("answer_id", _l("Answer no."), _l("One answer to one question."), "int"),
    Column("response_id", _l("Response no."), _l("The response it belongs to."), "int"),
    Column(
        "purpose",
        _l("Kind of question"),
        _l("What the answer feeds in the diagnostic."),
        labels=PURPOSE_LABELS,
        codes=_enum_codes(PURPOSE_LABELS),
    ),
    Column(
        "orientation",
        _l("Orientation"),
        _l("Number of the orientation it is about."),
        "int",
        _numbered("orientations"),
    ),
    Column("axis", _l("Axis"), _l("Number of the axis it is about."), "int", _numbered("axes")),
    Column(
        "quadrant",
        _l("SWOT quadrant"),
        _l("For a written answer: strength, weakness, opportunity or threat."),
        labels=QUADRANT_SINGULAR,
        codes=_enum_codes(QUADRANT_SINGULAR),
    ),
    Column(
        "priority",
        _l("Priority"),
        _l("1 not a priority, 2 important, 3 very important."),
        "int",
        codes=_enum_codes(PRIORITY_LABELS),
    ),
    Column("action_id", _l("Action no."), _l("The action chosen (see the actions table)."), "int"),
    Column("action", _l("Action chosen"), _l("Its title, in French."), few_values=True),
    Column("text", _l("Written answer"), _l("As written, once approved or redacted.")),
    Column("french_text", _l("French meaning"), _l("Written by a coordinator.")),
    Column(
        "moderation",
        _l("Moderation"),
        _l("Where the written answer stands."),
        labels=MODERATION_LABELS,
        codes=MODERATION_LABELS,
    ),
    Column(
        "swot_item_ids",
        _l("SWOT items no."),
        _l(
            "The SWOT items it supports, the first it was coded into first (see the SWOT "
            'items table): several are joined by " | " in CSV and spreadsheet files, a list '
            "in JSON."
        ),
        "ids",
    ),
]

SWOT_ITEMS = [
    Column("swot_item_id", _l("SWOT item no."), _l("One statement of a SWOT."), "int"),
    Column("axis", _l("Axis"), _l("Number of its axis."), "int", _numbered("axes")),
    Column(
        "quadrant",
        _l("SWOT quadrant"),
        _l("Strength, weakness, opportunity or threat."),
        labels=QUADRANT_SINGULAR,
        codes=_enum_codes(QUADRANT_SINGULAR),
    ),
    Column("statement", _l("Statement"), _l("What was said.")),
    Column(
        "voice",
        _l("Voice"),
        _l("Who said it."),
        labels=VOICE_LABELS,
        codes=_enum_codes(VOICE_LABELS),
    ),
    Column("source", _l("Source"), _l("Where it was said.")),
    Column("weight", _l("Weight"), _l("1 minor to 5 major."), "int"),
    Column(
        "is_illustrative",
        _l("Illustrative"),
        _l("An example written to show the board."),
        "bool",
        BOOLEAN_LABELS,
    ),
    Column(
        "family_support",
        _l("Families' support (people)"),
        _l(
            "People whose approved written answers were coded into it (a group counts its "
            "members), as the SWOT board shows them: masked when fewer than 5, or when it "
            "would give a small group away."
        ),
        "int",
    ),
]

AXES = [
    Column("axis", _l("Axis"), _l("Its number."), "int"),
    Column("title", _l("Title"), _l("In French.")),
    Column("description", _l("Description"), _l("In French.")),
]

WORKSHOPS = [
    Column("workshop_id", _l("Workshop no."), _l("A working group of the diagnostic."), "int"),
    Column("phase", _l("Phase"), _l("1 SWOT per axis, 2 orientations."), "int", PHASE_LABELS),
    Column("axis", _l("Axis"), _l("Number of its axis."), "int", _numbered("axes")),
    Column("held_on", _l("Date"), _l("Day it met."), "date"),
    Column("head_count", _l("People"), _l("People present."), "int"),
    Column("objectives", _l("Objectives"), _l("As written.")),
]

ORIENTATIONS = [
    Column("orientation", _l("Orientation"), _l("Its number."), "int"),
    Column("title", _l("Title"), _l("The professionals' wording, in French.")),
    Column("family_title", _l("Title for families"), _l("The plain words, in French.")),
    Column("axes", _l("Axes"), _l("Numbers of the axes it serves.")),
    Column("validated_on", _l("Validated on"), _l("Steering committee's validation."), "date"),
    Column("validated_by", _l("Validated by"), _l("Who validated it.")),
]

ACTIONS = [
    Column("action_id", _l("Action no."), _l("One action under an orientation."), "int"),
    Column(
        "orientation",
        _l("Orientation"),
        _l("Number of its orientation."),
        "int",
        _numbered("orientations"),
    ),
    Column("position", _l("Order"), _l("Order within the orientation."), "int"),
    Column("title", _l("Title"), _l("In French.")),
    Column(
        "origin",
        _l("Origin"),
        _l("An example of the diagnostic, or a families' proposal."),
        labels=ACTION_ORIGIN_LABELS,
        codes=_enum_codes(ACTION_ORIGIN_LABELS),
    ),
]

CODEBOOK = [
    Column("table", _l("Table"), _l("The exported table.")),
    Column("column", _l("Column (R / Python, JSON)"), _l("Its machine name.")),
    Column("header", _l("Column (Excel)"), _l("Its header in the spreadsheet files.")),
    Column("description", _l("Description"), _l("What it holds.")),
    Column("codes", _l("Codes"), _l("The codes it takes, and what they mean.")),
]

TABLE_TITLES = {
    "responses": _l("Responses"),
    "answers": _l("Answers, one per question"),
    "swot_items": _l("Items of the SWOT"),
    "axes": _l("Axes"),
    "workshops": _l("Workshops"),
    "orientations": _l("Orientations"),
    "actions": _l("Actions"),
    "codebook": _l("Codebook"),
}

COLUMNS = {
    "responses": RESPONSES,
    "answers": ANSWERS,
    "swot_items": SWOT_ITEMS,
    "axes": AXES,
    "workshops": WORKSHOPS,
    "orientations": ORIENTATIONS,
    "actions": ACTIONS,
    "codebook": CODEBOOK,
}


def codebook_rows():
    special = f"{MASKED.code} = {MASKED_LABEL}; {WITHHELD.code} = {WITHHELD_LABEL}"
    for table, columns in COLUMNS.items():
        if table == "codebook":
            continue
        for column in columns:
            codes = "; ".join(f"{code} = {label}" for code, label in column.codes.items())
            yield [
                table,
                column.key,
                str(column.header),
                str(column.description),
                f"{codes}; {special}" if codes else special,
            ]
