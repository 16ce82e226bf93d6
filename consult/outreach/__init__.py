"""Outreach ("aller vers"): sessions where facilitators meet families, group answers, paper
forms and kiosk tablets that keep answers while offline."""
