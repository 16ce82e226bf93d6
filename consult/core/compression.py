"""Compressed responses from the app itself, so a deployment without a reverse proxy
(gunicorn alone, docs/deploy.md) sends a phone the 4 KB stylesheet, not 17 KB."""

from flask import Flask, request
from flask_compress import Compress

# Families' pages and static files. Back-office pages show what staff typed (filters,
# searches) beside a form token: compressing those would let a BREACH-style attacker guess
# the token from the sizes, so they go out as they are (their exports stream uncompressed too).
COMPRESSED_BLUEPRINTS = frozenset({"core", "respond", "results_public"})

compress = Compress()


def init_compression(app: Flask) -> None:
    app.config.setdefault("COMPRESS_REGISTER", False)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    app.config.setdefault("COMPRESS_BR_LEVEL", 6)
    app.config.setdefault(
        "COMPRESS_MIMETYPES",
        ["text/html", "text/css", "text/javascript", "application/javascript", "image/svg+xml"],
    )
    compress.init_app(app)

    @app.after_request
    def compress_families_pages(response):
        if request.endpoint == "static" and response.status_code == 200:
            # A static file is sent as a stream, which would be compressed chunk by chunk
            # (zstd, about half as well): read it whole, it is small, and compress it at once.
            response.direct_passthrough = False
            response.make_sequence()
            return compress.after_request(response)
        if request.blueprint in COMPRESSED_BLUEPRINTS:
            return compress.after_request(response)
        return response
