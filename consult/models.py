"""Every model, imported in one place so the metadata is complete."""

from consult.accounts.models import User, user_territories
from consult.diagnostic.models import (
    Action,
    Axis,
    Orientation,
    SwotItem,
    Territory,
    Workshop,
    orientation_axes,
    swot_item_orientations,
)

__all__ = [
    "Action",
    "Axis",
    "Orientation",
    "SwotItem",
    "Territory",
    "User",
    "Workshop",
    "orientation_axes",
    "swot_item_orientations",
    "user_territories",
]
