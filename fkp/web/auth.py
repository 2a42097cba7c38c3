"""Staff log in and out. Attendees never need an account."""
from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from .. import live
from ..people import staff_sessions, users
from ..store.db import get_db
from .common import current_user, safe_next
from .forms.common import ActionForm, LoginForm
from .limits import RateLimitExceeded, login_address_limit, login_delay, refusal_headers
from .transport import refuse_plain_login

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
@login_address_limit
@login_delay
def login():
    """Check a staff member's username and password and start their session."""
    refusal = refuse_plain_login()  # never a password in clear on the venue's network
    if refusal is not None:
        return refusal
    form = LoginForm()
    if form.validate_on_submit():
        user = users.authenticate(get_db(), form.username.data, form.password.data)
        if user and user["disabled_utc"]:
            form.username.errors.append(_("This account is disabled. Ask an admin to enable it."))
        elif user:
            session.clear()  # nothing of an earlier visitor's session carries over
            session[staff_sessions.COOKIE_KEY] = staff_sessions.start(
                get_db(), user["id"], request.remote_addr, request.headers.get("User-Agent", ""))
            return redirect(safe_next(request.args.get("next"), url_for("staff.home")))
        else:
            form.password.errors.append(_("Username or password is wrong."))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.errorhandler(RateLimitExceeded)
def too_many(e):
    """The login form again, saying why it must wait (failed logins are limited, see limits)."""
    form = LoginForm()
    form.password.errors = [e.description]
    return render_template("auth/login.html", form=form), 429, refusal_headers(e)


@bp.route("/logout", methods=["POST"])
def logout():
    """End the staff session (a form, so another site cannot log staff out): on the server, so
    a copy of the cookie made before stops working too, and its live consoles are closed."""
    if ActionForm().validate_on_submit():
        user = current_user()
        if user:
            live.disconnect_sessions(staff_sessions.end(get_db(), [user["session_id"]], "logout", user["id"]))
        session.pop(staff_sessions.COOKIE_KEY, None)
    return redirect(url_for("auth.login"))
