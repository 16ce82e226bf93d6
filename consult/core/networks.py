"""Where a request comes from, as coarsely as counting needs: the network, never the person."""

import ipaddress


def network_of(address: str) -> str:
    """An IPv4 address itself; an IPv6 address's /64, which one household or phone gets
    whole and could otherwise step through, one address per request."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 6 and parsed.ipv4_mapped:
        # An IPv4 client seen through an IPv6 socket (::ffff:a.b.c.d).
        return str(parsed.ipv4_mapped)
    if parsed.version == 6:
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)
