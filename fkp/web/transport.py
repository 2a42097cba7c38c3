"""Staff log in only where a password cannot be read on the way.

On a shared venue Wi-Fi plain HTTP crosses the air in clear: a password sent that way, or the
session it opens, is anyone's. So the login form takes a password only over HTTPS (`serve`'s
TLS port, or a proxy in front that says so through X-Forwarded-Proto, fkp/__init__.py), or
from the server machine itself, where nothing crosses the network. Over plain HTTP from
anywhere else it shows, instead of the form, why and where the HTTPS login is, and refuses
a POST without looking at the password. Attendees have no password: they may stay on plain
HTTP (fkp/serve/lan.py).
"""
import ipaddress

from flask import current_app, render_template, request, url_for
from werkzeug.http import parse_list_header

from ..serve import lan
from .common import safe_next

# A request carrying any of these came through a proxy, even from 127.0.0.1: nginx on the
# server machine forwarding a phone's plain-HTTP request is not the server machine.
PROXY_HEADERS = ("X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-Ip", "Forwarded")


def private_enough():
    """True when what this request sends cannot be read on the network."""
    return over_https() or from_this_machine()


def over_https():
    """The request crossed the network encrypted: it came to this server over HTTPS, or the
    proxies fkp trusts (FKP_TRUSTED_PROXIES) say so, as ProxyFix reads them. A request that
    passed fewer proxies than trusted (staff at a sharded node's own nginx, behind which two
    are trusted) has no value ProxyFix believes: then the nearest proxy's own word counts, the
    last X-Forwarded-Proto value, written by that trusted nginx (deploy/nginx-one-machine.conf).
    A browser never sends the header itself, so a plain request is never taken for HTTPS."""
    if request.is_secure:
        return True
    if not current_app.config.get("TRUSTED_PROXIES"):
        return False
    said = parse_list_header(request.headers.get("X-Forwarded-Proto", ""))
    return bool(said) and said[-1].lower() == "https"


def from_this_machine():
    """The request came straight from a loopback address, through no proxy."""
    try:
        loopback = ipaddress.ip_address(request.remote_addr or "").is_loopback
    except ValueError:
        return False
    return loopback and not any(name in request.headers for name in PROXY_HEADERS)


def https_url(path):
    """The same server's address for path over HTTPS, or None when it does not know one
    (plain HTTP only, FKP_TLS=off, and no https FKP_PUBLIC_URL)."""
    config = current_app.config
    if config["PUBLIC_URL"].startswith("https://"):
        return config["PUBLIC_URL"] + path
    if config.get("TLS_PORT"):
        return lan.base_url("", request.host, config["TLS_PORT"], "https", request.scheme) + path
    return None


def refuse_plain_login():
    """None where staff may log in; else the page that says to log in over HTTPS (a GET), or
    the refusal of a password sent in clear (a POST, 403; the password is never checked)."""
    if private_enough():
        return None
    target = https_url(url_for("auth.login", next=safe_next(request.args.get("next"), None)))
    return render_template("auth/use_https.html", https_url=target), 403 if request.method == "POST" else 200
