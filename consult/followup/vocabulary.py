"""Fixed vocabularies of the action follow-up, with their labels."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Funder(StrEnum):
    CITE_EDUCATIVE = "cite_educative"
    STATE = "state"
    LOCAL_AUTHORITY = "local_authority"
    CAF = "caf"
    OTHER = "other"


class PartnerRole(StrEnum):
    LEAD = "lead"
    CO_LEAD = "co_lead"


class Public(StrEnum):
    PARENTS = "parents"
    UNDER_6 = "under_6"
    CHILDREN_6_11 = "children_6_11"
    YOUNG_12_15 = "young_12_15"
    YOUNG_16_25 = "young_16_25"
    PROFESSIONALS = "professionals"


FUNDER_LABELS = {
    Funder.CITE_EDUCATIVE: _l("Cité éducative fund"),
    Funder.STATE: _l("State (other credits)"),
    Funder.LOCAL_AUTHORITY: _l("Local authority"),
    Funder.CAF: _l("Family allowance fund (CAF)"),
    Funder.OTHER: _l("Other funders"),
}

PARTNER_ROLE_LABELS = {
    PartnerRole.LEAD: _l("Lead partner"),
    PartnerRole.CO_LEAD: _l("Co-lead"),
}

PUBLIC_LABELS = {
    Public.PARENTS: _l("Parents"),
    Public.UNDER_6: _l("Children under 6"),
    Public.CHILDREN_6_11: _l("Children 6–11"),
    Public.YOUNG_12_15: _l("Young people 12–15"),
    Public.YOUNG_16_25: _l("Young people 16–25"),
    Public.PROFESSIONALS: _l("Professionals"),
}


def sql_in(enum_cls) -> str:
    return ", ".join(f"'{member.value}'" for member in enum_cls)
