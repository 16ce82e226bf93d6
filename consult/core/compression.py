"""Compressed responses from the app itself, so a deployment without a reverse proxy
(gunicorn alone, docs/deploy.md) sends a phone the 4 KB stylesheet, not 17 KB."""

import gzip
from functools import lru_cache

import brotli
from flask import Flask, request
from flask_compress import Compress

# Families' pages and static files. Back-office pages show what staff typed (filters,
# searches) beside a form token: compressing those would let a BREACH-style attacker guess
# the token from the sizes, so they go out as they are (their exports stream uncompressed too).
COMPRESSED_BLUEPRINTS = frozenset({"core", "respond", "results_public"})

compress = Compress()

STATIC_ENCODINGS = ("br", "gzip")


@lru_cache(maxsize=32)
def _compressed_at_best(data: bytes, encoding: str) -> bytes:
    """A static file at the smallest its encoding makes it: it never changes under its
    hashed URL, so it is compressed once per process, however slow the best level is
    (the stylesheet: about 4.8 KB in brotli 11, 5.9 KB at the pages' level 6)."""
    if encoding == "br":
        return brotli.compress(data, quality=11)
    return gzip.compress(data, compresslevel=9, mtime=0)


def _compress_static(response):
    response.direct_passthrough = False
    response.make_sequence()
    encoding = request.accept_encodings.best_match(STATIC_ENCODINGS)
    vary = response.headers.get("Vary")
    response.headers["Vary"] = f"{vary}, Accept-Encoding" if vary else "Accept-Encoding"
    if (
        encoding is None
        or response.mimetype not in compress.compress_mimetypes_set
        or "Content-Encoding" in response.headers
    ):
        return response
    response.set_data(_compressed_at_best(response.get_data(), encoding))
    response.headers["Content-Encoding"] = encoding
    etag, is_weak = response.get_etag()
    if etag and not is_weak:
        response.set_etag(f"{etag}:{encoding}")
    # A revalidation names the compressed tag: answer it as the uncompressed file was.
    return response.make_conditional(request)


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
            return _compress_static(response)
        if request.blueprint in COMPRESSED_BLUEPRINTS:
            return compress.after_request(response)
        return response
