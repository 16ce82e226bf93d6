"""The professionals' diagnostic: axes, workshops, SWOT items, orientations and actions."""
