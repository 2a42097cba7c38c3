"""Helpers every audience's views share: the current user, the forum, the joined participant."""
from functools import wraps

from flask import abort, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _

from ..errors import DomainError
from ..forums import forums
from ..people import participants, staff_sessions
from ..store.db import get_db
from .forms.common import to_id


def current_user():
    """The logged-in staff account (with its `session_id`), or None: the cookie's token names a
    session the server still counts (fkp/people/staff_sessions.py), read once per request."""
    if "user" not in g:
        token = session.get(staff_sessions.COOKIE_KEY)
        g.user = staff_sessions.user_for(get_db(), token) if token else None
    return g.user


def login_required(view):
    @wraps(view)
    def wrapped(*args, **kwargs):
        if current_user() is None:
            return redirect(url_for("auth.login", next=request.full_path))
        return view(*args, **kwargs)
    return wrapped


def forum_or_404(code):
    """The forum of this code; 404 when there is none."""
    forum = forum_by_code(code)
    if forum is None:
        abort(404)
    return forum


def forum_or_403(code, allowed):
    """The forum of this code (404 when there is none) if the current user may do what
    `allowed` names, a predicate of permissions.py taking (user, forum); else 403."""
    forum = forum_or_404(code)
    if not allowed(current_user(), forum):
        abort(403)
    return forum


def forum_by_code(code):
    """The forum of this code, or None, read once per request: the rate limiter's key
    (web/limits.py) and the view both need it, and at hundreds of inputs a second each
    query counts. Views change a forum through the domain and read it again with forums.get."""
    cache = g.setdefault("forums_by_code", {})
    if code not in cache:
        cache[code] = forums.get_by_code(get_db(), code)
    return cache[code]


def participant_by_token(forum, token):
    """The participant of this forum holding this token, or None; read once per request, like
    forum_by_code."""
    cache = g.setdefault("participants_by_token", {})
    key = (forum["id"], token)
    if key not in cache:
        cache[key] = participants.by_token(get_db(), forum["id"], token)
    return cache[key]


def remember_participant(forum, participant, token):
    """Keep the attendee joined in this browser (signed cookie) for this forum."""
    joined = dict(session.get("participants", {}))
    joined[forum["code"]] = {"id": participant["id"], "token": token}
    session["participants"] = joined
    session.permanent = True


def session_participant(forum):
    """(participant, token) joined in this browser for this forum, or (None, None)."""
    entry = session.get("participants", {}).get(forum["code"])
    if not entry:
        return None, None
    participant = participant_by_token(forum, entry.get("token"))
    return (participant, entry["token"]) if participant else (None, None)


def bearer_token():
    """The API's `Authorization: Bearer …` token, or ""."""
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header[:7].lower() == "bearer " else ""


def safe_next(target, default):
    """Only follow a redirect target on this site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return default


def pick_id(requested, rows, fallback):
    """The requested id if it is one of rows, else the fallback (the focus), else the first."""
    ids = [r["id"] for r in rows]
    for candidate in (to_id(requested), fallback):
        if candidate in ids:
            return candidate
    return ids[0] if ids else None


def show_error(form, error):
    """Put a domain refusal beside its field, or above the form when it concerns no field."""
    if error.field and error.field in form and error.field != "client_id":
        form[error.field].errors.append(error.message)
    else:
        flash(error.message, "error")


def since_param():
    """The `since` query parameter of a live page catching up: the last forum sequence number
    it saw (0: none). A DomainError (400) for anything else."""
    value = request.args.get("since", "0")
    if not value.isdigit() or len(value) > 18:
        raise DomainError(_("since must be a whole number, 0 or more."))
    return int(value)


def flash_errors(form):
    """A form posted from a page of many forms redirects back to it: its refusal is said above
    them, every message once, in one line."""
    messages = dict.fromkeys(str(e) for errors in form.errors.values() for e in errors)
    flash(" ".join(messages), "error")


def flash_hidden_errors(form):
    """A hidden field's refusal has no input to stand beside: say it above the form."""
    for f in form:
        if f.type == "HiddenField":
            for message in f.errors:
                flash(message, "error")
