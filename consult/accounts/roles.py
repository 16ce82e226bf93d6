"""Staff roles, from least to most trusted."""

from enum import StrEnum


class Role(StrEnum):
    # Runs outreach sessions; reads the diagnostic.
    FACILITATOR = "facilitator"
    # Edits the diagnostic, runs consultations, reviews answers.
    COORDINATOR = "coordinator"
    # Everything a coordinator does, plus staff accounts and territories.
    ADMIN = "admin"


ROLE_RANK = {Role.FACILITATOR: 1, Role.COORDINATOR: 2, Role.ADMIN: 3}


def role_allows(role: str, minimum: Role) -> bool:
    return ROLE_RANK.get(Role(role), 0) >= ROLE_RANK[minimum]
