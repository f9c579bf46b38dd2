"""The computer's network interfaces, for the facilitator to choose which one phones join on.

The list comes from ``ifaddr`` (pure Python over the system's own interface calls on Linux, macOS and
Windows), because the standard library can name interfaces but not tell their addresses.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass


@dataclass(frozen=True)
class Interface:
    """One address of one network interface."""

    name: str  # what the system calls the interface ("wlan0", "Wi-Fi", "en0")
    address: str  # an IPv4 or IPv6 address without scope or brackets
    loopback: bool
    ipv6: bool

    @property
    def label(self) -> str:
        """How a menu shows it: "Wi-Fi · 192.168.1.23"."""
        return f"{self.name} · {self.address}"


def list_interfaces() -> list[Interface]:
    """Every usable address of this computer, the ones phones can reach first (IPv4, not loopback).

    Link-local IPv6 addresses are left out: a phone cannot open them without a scope id in the URL.
    """
    import ifaddr

    found: list[Interface] = []
    seen: set[str] = set()
    for adapter in ifaddr.get_adapters():
        name = str(adapter.nice_name or adapter.name)
        for ip in adapter.ips:
            if isinstance(ip.ip, tuple):
                address, ipv6 = str(ip.ip[0]), True
            else:
                address, ipv6 = str(ip.ip), False
            try:
                parsed = ipaddress.ip_address(address)
            except ValueError:
                continue
            if parsed.is_link_local or parsed.is_unspecified or parsed.is_multicast or address in seen:
                continue
            seen.add(address)
            found.append(Interface(name, address, parsed.is_loopback, ipv6))
    return sorted(found, key=lambda i: (i.loopback, i.ipv6, i.name.casefold(), i.address))


def url_host(address: str) -> str:
    """An address as it goes into a URL (an IPv6 address in brackets)."""
    return f"[{address}]" if ":" in address else address


def is_wildcard(address: str) -> bool:
    """True for an address that means "every interface" (0.0.0.0 or ::)."""
    try:
        return ipaddress.ip_address(address).is_unspecified
    except ValueError:
        return False


def check_address(address: str) -> str:
    """The address as the server binds it; a host name or anything else not an IP address is refused,
    because phones must reach the server by the address the QR code shows, not by a name."""
    try:
        return str(ipaddress.ip_address(address.strip().strip("[]")))
    except ValueError:
        raise ValueError(f"'{address}' is not an IP address: give one of this computer's addresses, "
                         "such as 127.0.0.1 or 192.168.1.23.") from None
