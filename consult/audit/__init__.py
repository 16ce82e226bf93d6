"""Who did what, when, in the back office: one trail for every staff action."""
