"""Rate limits per device: a whole class behind one school address can answer; one device
hammering the form is stopped with a clear message; the per-address ceiling counts an IPv6
client's whole /64."""

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


def test_an_ipv6_client_stepping_through_its_64_meets_one_address_limit(
    limited_app, demo_territory, app_context
):
    limited_app.config["PUBLIC_ADDRESS_LIMIT"] = "10 per hour"
    token = channel().token

    def from_address(address):
        # A fresh device cookie each time, as a script would.
        client = limited_app.test_client()
        client.environ_base["REMOTE_ADDR"] = address
        return _post_who(client, token).status_code

    statuses = [from_address(f"2001:db8:5:7::{number:x}") for number in range(1, 13)]
    assert 429 not in statuses[:10] and statuses[10:] == [429, 429], statuses
    # The next /64 is another network; an IPv4 address is one of its own.
    assert from_address("2001:db8:5:8::1") != 429
    assert from_address("192.0.2.7") != 429
