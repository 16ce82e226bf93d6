"""Serving behind a reverse proxy, and static files browsers may keep."""

import os
import re

import pytest
from flask import request

from consult import create_app
from consult.core.static_files import AssetVersions


@pytest.fixture
def proxied_app(app):
    """A second app on the same database, told that one proxy stands in front of it."""
    return create_app({**app.config, "PROXY_FIX_HOPS": 1, "TESTING": True})


def test_behind_one_proxy_the_forwarded_scheme_and_address_are_believed(proxied_app):
    @proxied_app.get("/_seen-from")
    def seen_from():
        return f"{request.remote_addr} {request.scheme}"

    response = proxied_app.test_client().get(
        "/_seen-from",
        headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"},
    )
    assert response.get_data(as_text=True) == "203.0.113.7 https"
    assert "Strict-Transport-Security" in response.headers


def test_without_a_configured_proxy_forwarded_headers_are_ignored(client):
    response = client.get(
        "/", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}
    )
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers


def _stylesheet_url(page: str) -> str:
    match = re.search(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', page)
    assert match, "the stylesheet link carries no fingerprint"
    return match.group(1)


def test_pages_link_fingerprinted_assets_that_are_cached_for_a_year(client):
    url = _stylesheet_url(client.get("/").get_data(as_text=True))
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize("query", ["", "?v=000000000000"])
def test_an_asset_asked_without_its_current_fingerprint_is_revalidated(client, query):
    response = client.get(f"/static/css/app.css{query}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"
    assert response.headers.get("ETag")


def test_the_fingerprint_follows_the_content(tmp_path):
    asset = tmp_path / "app.css"
    asset.write_text("body { color: black; }")
    versions = AssetVersions(str(tmp_path))
    before = versions.version("app.css")
    asset.write_text("body { color: navy; }")
    os.utime(asset, (1, 1))
    after = versions.version("app.css")
    assert re.fullmatch(r"[0-9a-f]{12}", before)
    assert after != before
    assert versions.version("../outside.css") is None
    assert versions.version("missing.css") is None
