"""The address phones use to reach this laptop on the venue's network, and by which scheme
(plain HTTP or HTTPS, fkp/serve/tls.py) phones and staff are sent to it."""
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


def host_name(host):
    """A Host header without its port: "192.168.1.5:5000" -> "192.168.1.5", "[fe80::1]:80" -> "[fe80::1]"."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def base_url(public_url, host_header, port, scheme="http", via=None):
    """FKP_PUBLIC_URL if set; else the host the page was opened on, unless that is
    loopback (a phone cannot reach the laptop's localhost), then the LAN address; reached
    by `scheme` on `port`. A page opened by that same scheme (`via`, None: any) keeps the
    port it was opened on, as a proxy in front may have its own."""
    if public_url:
        return public_url.rstrip("/")
    at = "" if port == {"http": 80, "https": 443}[scheme] else f":{port}"
    if host_header and not is_loopback(host_header):
        if via in (None, scheme):
            return f"{scheme}://{host_header}"
        return f"{scheme}://{host_name(host_header)}{at}"
    return f"{scheme}://{lan_address()}{at}"


def phones_base(config, host_header=None, via=None):
    """The base of the join URL and its QR code: HTTPS when `serve` speaks it and the office
    chose it for phones (PHONES_HTTPS, by default only with a certificate phones trust), else
    plain HTTP. via: the scheme the page showing it was opened by."""
    if config.get("TLS_PORT") and config.get("PHONES_HTTPS"):
        return base_url(config["PUBLIC_URL"], host_header, config["TLS_PORT"], "https", via)
    return base_url(config["PUBLIC_URL"], host_header, config["PORT"], "http", via if config.get("TLS_PORT") else None)


def staff_base(config, host_header=None, via=None):
    """The base of the staff's addresses: HTTPS whenever `serve` speaks it."""
    if config.get("TLS_PORT"):
        return base_url(config["PUBLIC_URL"], host_header, config["TLS_PORT"], "https", via)
    return base_url(config["PUBLIC_URL"], host_header, config["PORT"])
