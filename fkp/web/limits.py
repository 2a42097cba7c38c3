"""Rate limits on what attendees and visitors send: inputs and supports per participant,
joins and failed logins per address, failed logins per username.

Flask-Limiter counts (in memory, or in the storage FKP_RATELIMIT_STORAGE names so several
processes share one count); this module says what is counted, keyed by whom, and how a
refusal reads. Each limit is read from the app's config when a request is checked, so a
test app sets its own. Staff routes have none: they are behind a login, which has one.
"""
import time

from flask import current_app, request
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address
from limits import parse_many

from ..extensions import limiter
from .common import bearer_token, forum_by_code, participant_by_token, session_participant


# app config key -> the FKP_* variable that sets it
SETTINGS = {"LIMIT_INPUT": "FKP_RATELIMIT_INPUT", "LIMIT_SUPPORT": "FKP_RATELIMIT_SUPPORT",
            "LIMIT_JOIN": "FKP_RATELIMIT_JOIN", "LIMIT_LOGIN": "FKP_RATELIMIT_LOGIN",
            "LIMIT_LOGIN_USERNAME": "FKP_RATELIMIT_LOGIN_USERNAME"}


def check_config(config):
    """Refuse to start with a limit that cannot be read, rather than fail on a phone's request."""
    for key, variable in SETTINGS.items():
        try:
            parse_many(config[key])
        except ValueError:
            raise ValueError(f"{variable}: {config[key]!r} is not a rate limit such as '10 per minute'")


def _configured(name):
    return lambda: current_app.config[name]


def participant_key():
    """Who sends this request: the participant joined in this browser (the page's session)
    or holding the API's bearer token, so the page and the API share one count. A request
    from no participant is refused as not joined anyway; it is counted by its address."""
    forum = forum_by_code((request.view_args or {}).get("code", ""))
    if forum is not None:
        token = bearer_token()
        participant = participant_by_token(forum, token) if token else session_participant(forum)[0]
        if participant:
            return f"participant:{participant['id']}"
    return f"address:{get_remote_address()}"


def username_key():
    """The username a login tries, whoever tries it: guessing one account's password from
    many addresses is throttled too."""
    return "username:" + " ".join(request.form.get("username", "").split()).casefold()[:64]


def _failed_login(response):
    # A refused login shows the form again (400); one that succeeds redirects.
    return response.status_code == 400


input_limit = limiter.shared_limit(
    _configured("LIMIT_INPUT"), scope="input", key_func=participant_key, methods=["POST"],
    error_message=lambda: _("You have sent many inputs in a short time. Wait a moment, then "
                            "send again; your text is kept."))
support_limit = limiter.shared_limit(
    _configured("LIMIT_SUPPORT"), scope="support", key_func=participant_key, methods=["POST"],
    error_message=lambda: _("You have supported many inputs in a short time. Wait a moment, "
                            "then try again."))
join_limit = limiter.shared_limit(
    _configured("LIMIT_JOIN"), scope="join", methods=["POST"],
    error_message=lambda: _("Many people are joining at this moment. Wait a few seconds, then "
                            "send the form again; what you wrote is kept."))
login_address_limit = limiter.limit(
    _configured("LIMIT_LOGIN"), methods=["POST"], deduct_when=_failed_login,
    error_message=lambda: _("Too many failed logins from this network. Wait a minute, then "
                            "try again."))
login_username_limit = limiter.limit(
    _configured("LIMIT_LOGIN_USERNAME"), key_func=username_key, methods=["POST"],
    deduct_when=_failed_login,
    error_message=lambda: _("Too many failed logins for this username. Wait a minute, then "
                            "try again."))


def retry_after():
    """Whole seconds until the limit just broken lets one more request through."""
    breached = limiter.current_limit
    if breached is None:
        return 60
    return max(1, int(breached.reset_at - time.time()) + 1)


def refusal_headers():
    return {"Retry-After": str(retry_after())}
