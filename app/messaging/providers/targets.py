"""Where a webhook may post: public addresses only, unless an admin allow-lists the host.

A journey's webhook node names its own URL, so without a guard anyone who can edit a
journey could make the dispatcher post into the private network (``127.0.0.1``, a
database, ``169.254.169.254`` — the cloud metadata service). Every address the host name
resolves to must be a global one; loopback, private, link-local (the metadata service),
shared, reserved, multicast and unspecified addresses are refused, for IPv4 and IPv6, as
are IPv4-mapped IPv6 forms of those. The webhook channel's ``allowed_hosts`` (admins only)
lists host names or addresses that may be reached anyway.

Redirects are not followed (a public host could redirect inwards). The check resolves the
name once before the request; a host whose DNS answers differently a moment later (DNS
rebinding) is the remaining gap, which is why allow-listing is by host and not by address.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

METADATA_HOSTS = {"metadata.google.internal", "metadata", "instance-data"}


class TargetRefused(ValueError):
    """The URL may not be posted to; the message says why, in a sentence."""


def _kind(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if ip.is_private:
        return "a private address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified or ip.is_reserved or not ip.is_global:
        return "not a public address"
    return None


def check_target(url: str, allowed_hosts: list[str] | tuple[str, ...] = ()) -> None:
    """Raise :class:`TargetRefused` unless ``url`` is http(s) to a public host or to an
    allow-listed one."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused(f"{url!r} is not an http(s) URL")
    host = parts.hostname.lower().rstrip(".")
    if host in {h.lower().rstrip(".") for h in allowed_hosts}:
        return
    if host in METADATA_HOSTS:
        raise TargetRefused(f"{host} is a cloud metadata service")
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as exc:
            raise TargetRefused(f"{host} does not resolve: {exc}") from exc
        addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    for ip in sorted(addresses, key=str):
        kind = _kind(ip)
        if kind:
            raise TargetRefused(
                f"{host} is {kind} ({ip}); an admin can allow the host in the webhook "
                "channel's allowed_hosts"
            )
