"""A NUL byte is never part of a page's address nor of a filter: PostgreSQL refuses it in any
text it compares, so it is turned away before a view can look anything up with it."""

from flask import abort, request


def refuse_nul_bytes():
    if "\x00" in request.path:
        abort(404)
    if any("\x00" in value for value in request.args.values()):
        abort(400)
