"""What a territory's slug and name may be, shared by the form and the operations."""

import re

# Lowercase letters, digits and hyphens, 2 to 40 of them: safe in any URL, no escaping.
SLUG_PATTERN = re.compile(r"^[a-z0-9-]{2,40}$")
NAME_MAX_LENGTH = 120
