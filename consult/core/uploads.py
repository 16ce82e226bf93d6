"""Request bodies are capped small (MAX_CONTENT_LENGTH): no form needs more. The one
exception is a meeting's minutes as a PDF, attached by a coordinator: its endpoint takes up
to the PDF's own limit, for a signed-in coordinator only, so nobody else can send a larger
body. The cap is raised before anything reads the body (the CSRF check does, in a hook of
its own), hence a hook registered before it."""

from flask import Flask, request
from flask_login import current_user

from consult.accounts.roles import Role
from consult.governance.operations import MAX_MINUTES_PDF

# Endpoint → the largest body it takes: the file and the form's few fields around it.
LARGER_BODIES = {"governance.meeting": MAX_MINUTES_PDF + 64 * 1024}


def init_app(app: Flask) -> None:
    @app.before_request
    def _take_an_upload_from_a_coordinator():
        limit = LARGER_BODIES.get(request.endpoint)
        if (
            limit
            and request.method == "POST"
            and current_user.is_authenticated
            and current_user.has_role(Role.COORDINATOR)
        ):
            request.max_content_length = limit
