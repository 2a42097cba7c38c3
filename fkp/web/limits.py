"""Rate limits on what attendees and visitors send: inputs and supports per participant,
joins and failed logins per address, failed logins per username.

The counting is the `limits` library's (a moving window, so a burst at the turn of a minute
cannot pass twice the limit as fixed windows allow), in memory or in the storage
FKP_RATELIMIT_STORAGE names so several processes share one count. This module says what is
counted, keyed by whom, and how a refusal reads. Staff routes have none: they are behind a
login, which has one.

It is a decorator per limited route rather than Flask-Limiter: that extension evaluated its
rules on every request, about a tenth of the server's CPU for each input at hundreds of
inputs a second (scripts/bench --profile); five limits on seven routes need none of that.
"""
import time
from functools import wraps

from flask import current_app, make_response, request
from flask_babel import gettext as _
from limits import parse_many
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

from ..people import participants
from ..store.db import get_db
from . import ratelimit_storage  # noqa: F401 - memory:// with a cheap clean-up
from .common import bearer_token, forum_by_code, participant_by_token, session_participant

# app config key -> the FKP_* variable that sets it
SETTINGS = {"LIMIT_INPUT": "FKP_RATELIMIT_INPUT", "LIMIT_SUPPORT": "FKP_RATELIMIT_SUPPORT",
            "LIMIT_JOIN": "FKP_RATELIMIT_JOIN", "LIMIT_LOGIN": "FKP_RATELIMIT_LOGIN",
            "LIMIT_LOGIN_USERNAME": "FKP_RATELIMIT_LOGIN_USERNAME"}
EXTENSION = "fkp.limits"


class RateLimitExceeded(TooManyRequests):
    """429, with the wait in Retry-After wherever it is answered."""

    def __init__(self, message, retry_after):
        super().__init__(description=message)
        self.retry_after = retry_after

    def get_headers(self, environ=None, scope=None):
        return [*super().get_headers(environ, scope), ("Retry-After", str(self.retry_after))]


def check_config(config):
    """Refuse to start with a limit that cannot be read, rather than fail on a phone's request."""
    for key, variable in SETTINGS.items():
        try:
            parse_many(config[key])
        except ValueError:
            raise ValueError(f"{variable}: {config[key]!r} is not a rate limit such as '10 per minute'")


def init_app(app):
    """Read this app's limits once and open its storage; each app counts on its own."""
    check_config(app.config)
    app.extensions[EXTENSION] = {
        "counter": MovingWindowRateLimiter(storage_from_string(app.config["RATELIMIT_STORAGE_URI"])),
        "limits": {key: parse_many(app.config[key]) for key in SETTINGS}}


def storage():
    """Where this app's counts are kept."""
    return current_app.extensions[EXTENSION]["counter"].storage


def participant_key():
    """Who sends this request: the participant joined in this browser (the page's session)
    or holding the API's bearer token, so the page and the API share one count; and when that
    participant joined from a browser, its device (web/devices.py), so a second name from the
    same phone shares the count too. A request from no participant is refused as not joined
    anyway; it is counted by its address."""
    forum = forum_by_code((request.view_args or {}).get("code", ""))
    if forum is not None:
        token = bearer_token()
        participant = participant_by_token(forum, token) if token else session_participant(forum)[0]
        if participant:
            device = participants.device_of(get_db(), participant["id"])
            return f"device:{device}" if device else f"participant:{participant['id']}"
    return address_key()


def address_key():
    return f"address:{request.remote_addr}"


def username_key():
    """The username a login tries, whoever tries it: guessing one account's password from
    many addresses is throttled too."""
    return "username:" + " ".join(request.form.get("username", "").split()).casefold()[:64]


def rate_limit(setting, scope, key, message, *, counts=None):
    """Limit a route's POSTs by the app's `setting` ("10 per minute; 100 per hour"), counted
    per key() within scope: routes sharing a scope share the count. Without `counts` every
    POST counts; with it a POST is let through while under the limit and counts only when
    counts(response) is true (a failed login)."""
    def decorator(view):
        @wraps(view)
        def limited(*args, **kwargs):
            if request.method != "POST":
                return view(*args, **kwargs)
            state = current_app.extensions[EXTENSION]
            counter, items = state["counter"], state["limits"][setting]
            identity = ("fkp", scope, key())
            for item in items:
                allowed = counter.test(item, *identity) if counts else counter.hit(item, *identity)
                if not allowed:
                    reset = counter.get_window_stats(item, *identity).reset_time
                    raise RateLimitExceeded(message(), max(1, int(reset - time.time()) + 1))
            if counts is None:
                return view(*args, **kwargs)
            response = make_response(view(*args, **kwargs))
            if counts(response):
                for item in items:
                    counter.hit(item, *identity)
            return response
        return limited
    return decorator


def _failed_login(response):
    # A refused login shows the form again (400); one that succeeds redirects.
    return response.status_code == 400


input_limit = rate_limit(
    "LIMIT_INPUT", "input", participant_key,
    lambda: _("You have sent many inputs in a short time. Wait a moment, then send again; your "
              "text is kept."))
support_limit = rate_limit(
    "LIMIT_SUPPORT", "support", participant_key,
    lambda: _("You have supported many inputs in a short time. Wait a moment, then try again."))
join_limit = rate_limit(
    "LIMIT_JOIN", "join", address_key,
    lambda: _("Many people are joining at this moment. Wait a few seconds, then send the form "
              "again; what you wrote is kept."))
login_address_limit = rate_limit(
    "LIMIT_LOGIN", "login", address_key,
    lambda: _("Too many failed logins from this network. Wait a minute, then try again."),
    counts=_failed_login)
login_username_limit = rate_limit(
    "LIMIT_LOGIN_USERNAME", "login-username", username_key,
    lambda: _("Too many failed logins for this username. Wait a minute, then try again."),
    counts=_failed_login)


def refusal_headers(error):
    """The Retry-After of a refusal, for a handler that answers it with its own page."""
    return {"Retry-After": str(error.retry_after)}
