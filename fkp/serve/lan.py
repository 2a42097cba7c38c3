"""The address phones use to reach this laptop on the venue's network."""
import ipaddress
import socket


def lan_address():
    """This machine's address on its local network, or 127.0.0.1 when it has none.

    Connecting a UDP socket sends no packet: it only asks the kernel which local
    address would route off-machine.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never contacted
            return s.getsockname()[0]
    except OSError:
        return "127.0.0.1"


def is_loopback(host):
    """True for localhost and 127.x / ::1 host names (port ignored)."""
    name = host.rsplit(":", 1)[0].strip("[]") if host.count(":") <= 1 else host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def base_url(public_url, host_header, port):
    """FKP_PUBLIC_URL if set; else the host the page was opened on, unless that is
    loopback (a phone cannot reach the laptop's localhost), then the LAN address."""
    if public_url:
        return public_url.rstrip("/")
    if host_header and not is_loopback(host_header):
        return f"http://{host_header}"
    return f"http://{lan_address()}:{port}"
