"""Static files go out at the smallest their encoding makes them, for whatever the phone
accepts, and revalidate under their compressed tag."""

import gzip

import brotli
import pytest


@pytest.fixture
def stylesheet(app):
    with app.test_request_context():
        from flask import url_for

        return url_for("static", filename="css/app.css")


def test_the_stylesheet_is_compressed_at_the_best_level(client, stylesheet):
    plain = client.get(stylesheet, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in plain.headers
    best = client.get(stylesheet, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert best.headers["Content-Encoding"] == "br"
    assert brotli.decompress(best.data) == plain.data
    # Smaller than the pages' on-the-fly level would make it.
    assert len(best.data) < len(brotli.compress(plain.data, quality=6))
    assert "Accept-Encoding" in best.headers["Vary"]


def test_a_phone_without_brotli_gets_gzip(client, stylesheet):
    for accepted in ("gzip", "br;q=0, gzip"):
        response = client.get(stylesheet, headers={"Accept-Encoding": accepted})
        assert response.headers["Content-Encoding"] == "gzip"
        assert b".option" in gzip.decompress(response.data)


def test_revalidation_under_the_compressed_tag_answers_not_modified(client, stylesheet):
    first = client.get(stylesheet, headers={"Accept-Encoding": "br"})
    assert first.headers["ETag"].endswith(':br"')
    again = client.get(
        stylesheet, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304 and again.data == b""
