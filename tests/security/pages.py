"""Every page of the URL map, fetched the way tests/test_route_matrix.py builds its URLs."""

from tests.conftest import PASSWORD, submit
from tests.test_route_matrix import _sample_values

# A PDF runs no script, and its HTML is the report page checked with the others.
SKIPPED = {"static", "review.report_pdf"}


def every_page(app, client, ids):
    # Opening the kiosk locks the login to the kiosk's pages (tests/outreach/
    # test_kiosk_lock.py): its pages come last.
    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.endpoint.startswith("kiosk."))
    for rule in rules:
        if "GET" in rule.methods and rule.endpoint not in SKIPPED:
            url = rule.build(_sample_values(rule, ids), append_unknown=False)[1]
            yield url, client.get(url)
    # Back to the back office, as the facilitator would, with the password.
    if client.get("/admin/unlock").status_code == 200:
        assert submit(client, "/admin/unlock", {"password": PASSWORD}).status_code == 302
