"""A NUL byte is never part of a page's address: PostgreSQL refuses it in any text it compares,
so such an address is a 404 before a view can look anything up with it. (Filters in the query
string are checked against their own vocabularies by each view, and ignored when unknown.)"""

from flask import abort, request


def refuse_nul_bytes():
    if "\x00" in request.path:
        abort(404)
