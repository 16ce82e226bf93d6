"""Staff accounts, roles and the territories they work in."""
