"""What every domain's write operations share."""


class OperationRefused(Exception):
    """A write that would break a rule users understand; the message is shown to them."""
