"""Fingerprinted static files: every link carries the file's content hash, so browsers may
keep a file for a year and still get a new one the moment it changes."""

import hashlib
from pathlib import Path

from flask import Flask, request

LONG_CACHE = "public, max-age=31536000, immutable"
# Without the current fingerprint, a browser must ask again (a cheap 304 thanks to the ETag).
SHORT_CACHE = "no-cache"


class AssetVersions:
    """Content hashes of the files under the static folder, computed once per file change."""

    def __init__(self, static_folder: str):
        self.root = Path(static_folder).resolve()
        self._known: dict[str, tuple[float, str]] = {}

    def version(self, filename: str) -> str | None:
        # Any path may arrive here from a request (the 404 page links to its own URL).
        if not filename or "\x00" in filename:
            return None
        try:
            path = (self.root / filename).resolve()
            # A name longer than the file system allows fails here, not in resolve().
            if not path.is_relative_to(self.root) or not path.is_file():
                return None
            modified = path.stat().st_mtime
        except (OSError, ValueError):
            return None
        known = self._known.get(filename)
        if known and known[0] == modified:
            return known[1]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        self._known[filename] = (modified, digest)
        return digest


def fingerprint_static_files(app: Flask) -> None:
    versions = AssetVersions(app.static_folder)

    @app.url_defaults
    def add_version(endpoint, values):
        if endpoint == "static" and "v" not in values:
            version = versions.version(values.get("filename", ""))
            if version:
                values["v"] = version

    @app.after_request
    def cache_static(response):
        if request.endpoint == "static" and response.status_code in (200, 304):
            filename = (request.view_args or {}).get("filename", "")
            current = versions.version(filename)
            fingerprinted = current is not None and request.args.get("v") == current
            response.headers["Cache-Control"] = LONG_CACHE if fingerprinted else SHORT_CACHE
            response.expires = None
        return response
