"""Every page of the URL map, fetched the way tests/test_route_matrix.py builds its URLs."""

from tests.test_route_matrix import _sample_values

# A PDF runs no script, and its HTML is the report page checked with the others.
SKIPPED = {"static", "review.report_pdf"}


def every_page(app, client, ids):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in SKIPPED:
            url = rule.build(_sample_values(rule, ids), append_unknown=False)[1]
            yield url, client.get(url)
