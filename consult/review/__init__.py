"""Coordinators turn what families said into the SWOT and orientations."""
