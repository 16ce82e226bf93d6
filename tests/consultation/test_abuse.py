"""Rate limits per device: a whole class behind one school address can answer; one device
hammering the form is stopped with a clear message."""

from tests.consultation.helpers import channel


def _post_who(client, token):
    client.get(f"/r/{token}/")
    return client.post(f"/r/{token}/", data={"respondent_kind": "parent", "csrf_token": "x"})


def test_many_devices_behind_one_address_all_get_through(limited_app, demo_territory, app_context):
    token = channel().token
    # 80 parents on the same Wi-Fi, each on their own phone, more than one device's limit.
    statuses = {_post_who(limited_app.test_client(), token).status_code for _ in range(80)}
    assert 429 not in statuses


def test_one_device_hammering_is_stopped_politely(limited_app, demo_territory, app_context):
    token = channel().token
    client = limited_app.test_client()
    statuses = [_post_who(client, token).status_code for _ in range(70)]
    assert statuses[0] != 429
    assert statuses[-1] == 429
    page = client.post(f"/r/{token}/", data={}).get_data(as_text=True)
    assert "<html" in page and "Trop" in page
