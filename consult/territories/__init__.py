"""Territories on one instance: the platform operator creates and renames them; staff who
work in several switch between them. The Territory table itself lives in the diagnostic,
the root every other row belongs to."""
