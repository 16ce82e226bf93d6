"""Action follow-up: status, dated updates, lead partners, publics, funding, indicators."""
