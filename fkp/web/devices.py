"""The browser an attendee joins from: a random id in its own long-lived cookie.

Without it, joining again under another name made a second participant with a fresh
allowance of inputs. With it, a browser that joins a forum again gets back the participant it
joined as (someone who mistyped their name does not become two attendees: staff correct the
name on the attendance page), and the input limit counts per device (web/limits.py).

Its own cookie rather than the session: the session holds which forums this browser joined
and is signed but readable; the device id only has to be unguessable, outlive a lost
session, and never be read by a script: HttpOnly, SameSite=Lax, Secure behind HTTPS, a year.
It is stored only hashed (participants.device_hash). A browser that clears every cookie is a
new device: nothing can tell it from a new phone, but the join limit per address bounds how
often that happens. API clients have no cookie: their limit stays per token.
"""
import re
import secrets

from flask import after_this_request, current_app, g, request

COOKIE = "fkp_device"
MAX_AGE_S = 365 * 24 * 3600
VALID = re.compile(r"[A-Za-z0-9_-]{32}")


def current():
    """The device id this browser sent, or None (none, or not one this server made)."""
    value = request.cookies.get(COOKIE, "")
    return value if VALID.fullmatch(value) else None


def ensure():
    """This browser's device id; a new one is made, and set with the response, when it has none."""
    device = current() or g.get("new_device")
    if device:
        return device
    device = g.new_device = secrets.token_urlsafe(24)  # 32 characters

    @after_this_request
    def remember(response):
        response.set_cookie(COOKIE, device, max_age=MAX_AGE_S, httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
        return response
    return device
