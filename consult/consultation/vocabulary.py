"""Fixed vocabularies of consultations, with their labels."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Status(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    PUBLISHED = "published"


class Audience(StrEnum):
    PARENT = "parent"
    CHILD = "child"
    YOUNG = "young"


class AgeBand(StrEnum):
    UNDER_11 = "under_11"
    FROM_11_TO_15 = "11_15"
    FROM_16_TO_25 = "16_25"


class Purpose(StrEnum):
    # An orientation's priority on a short scale.
    PRIORITY = "priority"
    # A choice of up to N actions under an orientation.
    ACTION_CHOICE = "action_choice"
    # Free text feeding a SWOT quadrant.
    SWOT = "swot"
    # A coarse profile field chosen from a list (school, neighbourhood).
    PROFILE = "profile"
    # Free text proposing an idea under one orientation (a coordinator may adopt it).
    PROPOSAL = "proposal"


# What each purpose's answer feeds, so a question always feeds something.
PURPOSES_ABOUT_AN_ORIENTATION = (Purpose.PRIORITY, Purpose.ACTION_CHOICE, Purpose.PROPOSAL)
# Written answers: moderated, coded, purged after the retention period.
FREE_TEXT_PURPOSES = (Purpose.SWOT, Purpose.PROPOSAL)


class ChannelKind(StrEnum):
    SCHOOL_GATE = "school_gate"
    COLLEGE_HALL = "college_hall"
    POSTER = "poster"
    OUTREACH_STAND = "outreach_stand"
    FLYER = "flyer"
    WEB = "web"


class Mode(StrEnum):
    SELF = "self"
    ASSISTED = "assisted"
    GROUP = "group"
    PAPER = "paper"


# Who is answering: the one question asked of everyone, first. Each choice gives the audience
# and a coarse age band, nothing finer.
RESPONDENT_KINDS = {
    "parent": (Audience.PARENT, None),
    "child": (Audience.CHILD, AgeBand.UNDER_11),
    "young_11_15": (Audience.YOUNG, AgeBand.FROM_11_TO_15),
    "young_16_25": (Audience.YOUNG, AgeBand.FROM_16_TO_25),
}

# Consultation audiences as the back office offers them.
AUDIENCE_GROUPS = {
    "parent": _l("Parents"),
    "child": _l("Children under 11 (usually with an adult)"),
    "young_11_15": _l("Young people 11–15"),
    "young_16_25": _l("Young people 16–25"),
}

STATUS_LABELS = {
    Status.DRAFT: _l("Draft"),
    Status.OPEN: _l("Open"),
    Status.CLOSED: _l("Closed"),
    Status.PUBLISHED: _l("Results published"),
}

PURPOSE_LABELS = {
    Purpose.PRIORITY: _l("Priority of an orientation"),
    Purpose.ACTION_CHOICE: _l("Choice among an orientation's actions"),
    Purpose.SWOT: _l("Free text feeding the SWOT"),
    Purpose.PROFILE: _l("Profile (from a list)"),
    Purpose.PROPOSAL: _l("Open proposal under an orientation"),
}

AUDIENCE_LABELS = {
    Audience.PARENT: _l("Parents"),
    Audience.CHILD: _l("Children"),
    Audience.YOUNG: _l("Young people"),
}

CHANNEL_KIND_LABELS = {
    ChannelKind.SCHOOL_GATE: _l("School gate"),
    ChannelKind.COLLEGE_HALL: _l("Collège hall"),
    ChannelKind.POSTER: _l("Poster at a partner's office"),
    ChannelKind.OUTREACH_STAND: _l("Outreach stand"),
    ChannelKind.FLYER: _l("Flyer"),
    ChannelKind.WEB: _l("Web link"),
}

# The priority scale: value -> (label for parents and young people, face for children).
PRIORITY_SCALE = (1, 2, 3)
