"""Rate limits on what attendees and visitors send: inputs and supports per participant,
joins and failed logins per address, and growing waits after failed logins for one username
from one address.

The counting is the `limits` library's (a moving window, so a burst at the turn of a minute
cannot pass twice the limit as fixed windows allow), in memory or in the storage
FKP_RATELIMIT_STORAGE names so several processes share one count. This module says what is
counted, keyed by whom, and how a refusal reads. Staff routes have none: they are behind a
login, which has one.

It is a decorator per limited route rather than Flask-Limiter: that extension evaluated its
rules on every request, about a tenth of the server's CPU for each input at hundreds of
inputs a second (scripts/bench --profile); five limits on seven routes need none of that.
"""
import math
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
from .common import bearer_token, current_user, forum_by_code, participant_by_token, session_participant

# app config key -> the FKP_* variable that sets it
SETTINGS = {"LIMIT_INPUT": "FKP_RATELIMIT_INPUT", "LIMIT_SUPPORT": "FKP_RATELIMIT_SUPPORT",
            "LIMIT_JOIN": "FKP_RATELIMIT_JOIN", "LIMIT_LOGIN": "FKP_RATELIMIT_LOGIN"}
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


# Limits that are not an FKP_* setting: the app's config sets them (tests make them small).
FIXED = ("LIMIT_LOOKUP",)


def init_app(app):
    """Read this app's limits once and open its storage; each app counts on its own."""
    check_config(app.config)
    app.extensions[EXTENSION] = {
        "counter": MovingWindowRateLimiter(storage_from_string(app.config["RATELIMIT_STORAGE_URI"])),
        "limits": {key: parse_many(app.config[key]) for key in (*SETTINGS, *FIXED)}}


def storage():
    """Where this app's counts are kept."""
    return current_app.extensions[EXTENSION]["counter"].storage


def participant_key():
    """Who sends this request: the participant joined in this browser (the page's session)
    or holding the API's bearer token, so the page and the API share one count
    (participant_identity). A request from no participant is refused as not joined anyway;
    it is counted by its address."""
    forum = forum_by_code((request.view_args or {}).get("code", ""))
    if forum is not None:
        token = bearer_token()
        participant = participant_by_token(forum, token) if token else session_participant(forum)[0]
        if participant:
            return participant_identity(participant)
    return address_key()


def participant_identity(participant):
    """What a participant's sends are counted under, by the page, the API and the phone's socket
    alike: when they joined from a browser, its device (web/devices.py), so a second name from
    the same phone shares the count; else the participant."""
    device = participants.device_of(get_db(), participant["id"])
    return f"device:{device}" if device else f"participant:{participant['id']}"


def address_key():
    return f"address:{request.remote_addr}"


def username_key():
    """The username a login tries, as the accounts table compares it (case aside)."""
    return " ".join(request.form.get("username", "").split()).casefold()[:64]


def rate_limit(setting, scope, key, message, *, counts=None, methods=("POST",)):
    """Limit a route's POSTs (or the requests of other `methods`) by the app's `setting`
    ("10 per minute; 100 per hour"), counted per key() within scope: routes sharing a scope
    share the count. Without `counts` every request counts; with it one is let through while
    under the limit and counts only when counts(response) is true (a failed login)."""
    def counted():  # this app's counter, and the limits `setting` reads as
        state = current_app.extensions[EXTENSION]
        return state["counter"], state["limits"][setting]

    def hit(identity):
        """Count one send of `identity`; past the limit, refuse it (RateLimitExceeded) uncounted."""
        counter, items = counted()
        for item in items:
            if not counter.hit(item, "fkp", scope, identity):
                raise _refusal(counter, item, ("fkp", scope, identity), message)

    def decorator(view):
        @wraps(view)
        def limited(*args, **kwargs):
            if request.method not in methods:
                return view(*args, **kwargs)
            if counts is None:
                hit(key())
                return view(*args, **kwargs)
            counter, items = counted()
            identity = ("fkp", scope, key())
            for item in items:
                if not counter.test(item, *identity):
                    raise _refusal(counter, item, identity, message)
            response = make_response(view(*args, **kwargs))
            if counts(response):
                for item in items:
                    counter.hit(item, *identity)
            return response
        return limited
    decorator.hit = hit  # for a send that is not a route: an input over the phone's socket (live.py)
    return decorator


def _refusal(counter, item, identity, message):
    reset = counter.get_window_stats(item, *identity).reset_time
    return RateLimitExceeded(message(), max(1, int(reset - time.time()) + 1))


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
# Answers to the hall's agreement question: as many as supports allow, counted on their own.
agreement_limit = rate_limit(
    "LIMIT_SUPPORT", "agreement", participant_key,
    lambda: _("You have answered many times in a short time. Wait a moment, then try again."))
join_limit = rate_limit(
    "LIMIT_JOIN", "join", address_key,
    lambda: _("Many people are joining at this moment. Wait a few seconds, then send the form "
              "again; what you wrote is kept."))
# A receipt lookup reads, but each is a guess at someone's code: GETs count too.
lookup_limit = rate_limit(
    "LIMIT_LOOKUP", "lookup", address_key,
    lambda: _("Many receipt codes were looked up from this network. Wait a minute, then try again."),
    methods=("GET", "POST"))
login_address_limit = rate_limit(
    "LIMIT_LOGIN", "login", address_key,
    lambda: _("Too many failed logins from this network. Wait a minute, then try again."),
    counts=_failed_login)


# --- Failed logins for one username from one address: growing waits, not a lock.
#
# A count per username from anywhere (what this was) let anyone lock a staff member out by
# typing their username wrongly ten times; the real person, at their own desk, was refused
# with the right password. Now failures are counted per username *and* address: the first
# LOGIN_FREE_FAILURES cost nothing, then each attempt starts a wait of 1, 2, 4 … seconds (at
# most LOGIN_MAX_WAIT) that the next attempt for that username from that address must let
# pass. A guesser elsewhere slows only themselves; the per-address limit above bounds how
# many usernames one address tries. The counts live in the rate-limit storage (memory or
# Redis, so several processes share them) as two expiring counters: the failures, forgotten
# FORGET_S after the first, and the wait, whose expiry is the wait itself.
FORGET_S = 3600


def login_keys(username, address):
    """The storage keys of (failures, wait) for this (normalised) username from this address."""
    return _delay_keys(f"{username}|{address}")


def _delay_keys(who):
    return f"fkp/login-failures/{who}", f"fkp/login-wait/{who}"


def failure_delay(who, message):
    """Let a password check through unless `who()` has failed too often lately; a refusal says
    message(n) with the n seconds to wait. Atomic where it matters: an attempt past the free
    ones must be the one that creates the wait (incr returns 1), so parallel attempts cannot
    all slip through one opening."""
    def refusal(wait_key):
        retry = max(1, math.ceil(storage().get_expiry(wait_key) - time.time()))
        return RateLimitExceeded(message(retry), retry)

    def decorator(view):
        @wraps(view)
        def delayed(*args, **kwargs):
            if request.method != "POST":
                return view(*args, **kwargs)
            counts, config = storage(), current_app.config
            failures_key, wait_key = _delay_keys(who())
            if counts.get(wait_key) > 0:
                raise refusal(wait_key)
            failures = counts.get(failures_key)
            free = config["LOGIN_FREE_FAILURES"]
            if failures >= free:
                wait = min(2 ** min(failures - free, 30), config["LOGIN_MAX_WAIT"])
                if counts.incr(wait_key, wait) != 1:
                    raise refusal(wait_key)
            response = make_response(view(*args, **kwargs))
            if _failed_login(response):
                counts.incr(failures_key, FORGET_S)
            elif response.status_code == 302:  # it passed: the slate is clean
                counts.clear(failures_key)
                counts.clear(wait_key)
            return response
        return delayed
    return decorator


login_delay = failure_delay(
    lambda: f"{username_key()}|{request.remote_addr}",
    lambda n: _("Too many failed logins for this username from here. Wait %(n)d seconds, then try again.",
                n=n))
# The page that changes one's own password checks the current one: without the same waits, a
# copied cookie could guess it at full speed and then change it. Counted per account.
password_delay = failure_delay(
    lambda: f"account:{current_user()['id']}",
    lambda n: _("Too many wrong passwords. Wait %(n)d seconds, then try again.", n=n))


def refusal_headers(error):
    """The Retry-After of a refusal, for a handler that answers it with its own page."""
    return {"Retry-After": str(error.retry_after)}
