"""Staff accounts (admin): list and create; each person's name, position and NIP as the
documents print them (an admin for anyone, everyone for themselves). Passwords are set here
or from the CLI.

Access (issue 15): everyone changes their own password; an admin disables or enables an
account, sees its sessions and ends them, and resets its password to a generated one. Every
one of these ends sessions on the server (fkp/people/staff_sessions.py) and closes their live
consoles in this process (live.disconnect_sessions)."""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import live, permissions
from ...errors import DomainError
from ...people import staff_sessions, users
from ...store.db import get_db
from ..common import current_user, login_required, show_error
from ..forms.common import ActionForm
from ..forms.setup import IdentityForm, PasswordChangeForm, UserForm
from ..limits import password_delay

bp = Blueprint("accounts", __name__, url_prefix="/staff/users")


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    """Every staff account, and a form to add one."""
    if not permissions.can_manage_users(current_user()):
        abort(403)
    form = UserForm()
    if form.validate_on_submit():
        try:
            users.create(get_db(), form.username.data.strip(), form.password.data, form.role.data,
                         by_user_id=current_user()["id"], full_name=form.full_name.data,
                         position=form.position.data, nip=form.nip.data)
        except ValueError:
            form.username.errors.append(_("This username is taken."))
        except DomainError as e:  # the password policy (fkp/people/passwords.py)
            form.password.errors.append(e.message)
        else:
            flash(_("The account was created. Assign it to forums on each forum's page."), "success")
            return redirect(url_for(".index"))
    return render_template("staff/accounts/users.html", form=form, users=users.all_users(get_db())), \
        400 if form.errors else 200


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@login_required
def identity(user_id):
    """A person's full name, position and NIP, used wherever a document names them."""
    me = current_user()
    if not (permissions.can_manage_users(me) or me["id"] == user_id):
        abort(403)
    db = get_db()
    account = users.identity(db, user_id)
    if account is None:
        abort(404)
    form = IdentityForm(data=dict(account))
    if form.validate_on_submit():
        users.set_identity(db, user_id, {k: form[k].data for k in users.IDENTITY | {"nip": 0}},
                           by_user_id=me["id"])
        flash(_("Saved."), "success")
        return redirect(url_for(".index") if permissions.can_manage_users(me) else url_for("staff.home"))
    return render_template("staff/accounts/identity.html", form=form, account=account), \
        400 if form.errors else 200


@bp.route("/password", methods=["GET", "POST"])
@login_required
@password_delay
def password():
    """Change one's own password: the current one, the new one twice. The other sessions of
    the account end (a device someone else holds is logged out); this one stays."""
    me, db = current_user(), get_db()
    form = PasswordChangeForm()
    if form.validate_on_submit():
        try:
            ended = users.change_own_password(db, me["id"], form.current_password.data, form.password.data,
                                              me["session_id"])
        except DomainError as e:
            show_error(form, e)
        else:
            live.disconnect_sessions(ended)
            flash(_("Your password was changed. Your other sessions have ended."), "success")
            return redirect(url_for("staff.home"))
    return render_template("staff/accounts/password.html", form=form), 400 if form.errors else 200


def _managed_account(user_id):
    """The account an admin manages here (404 when there is none); 403 for anyone else."""
    if not permissions.can_manage_users(current_user()):
        abort(403)
    account = users.account(get_db(), user_id)
    if account is None:
        abort(404)
    return account


def _access_page(account, new_password=None, status=200):
    db = get_db()
    response = make_response(render_template(
        "staff/accounts/access.html", account=account, action_form=ActionForm(), new_password=new_password,
        sessions=staff_sessions.of_user(db, account["id"])), status)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/<int:user_id>/access")
@login_required
def access(user_id):
    """Whether an account may log in, its sessions (started, last seen, address, device), and
    the buttons that end them, disable the account or reset its password."""
    return _access_page(_managed_account(user_id))


def _act(user_id, action, done):
    """Run an admin's action on an account from a one-button form, then back to its page."""
    _managed_account(user_id)
    if ActionForm().validate_on_submit():
        try:
            live.disconnect_sessions(action())
        except DomainError as e:
            flash(e.message, "error")
        else:
            flash(done, "success")
    return redirect(url_for(".access", user_id=user_id))


@bp.route("/<int:user_id>/disable", methods=["POST"])
@login_required
def disable(user_id):
    return _act(user_id, lambda: users.set_disabled(get_db(), user_id, True, current_user()["id"]),
                _("The account is disabled and its sessions have ended."))


@bp.route("/<int:user_id>/enable", methods=["POST"])
@login_required
def enable(user_id):
    return _act(user_id, lambda: users.set_disabled(get_db(), user_id, False, current_user()["id"]),
                _("The account may log in again."))


@bp.route("/<int:user_id>/sessions/<int:session_id>/end", methods=["POST"])
@login_required
def end_session(user_id, session_id):
    _managed_account(user_id)
    found = staff_sessions.session_of(get_db(), session_id)
    if found is None or found["user_id"] != user_id:
        abort(404)
    return _act(user_id, lambda: staff_sessions.end(get_db(), [session_id], "ended", current_user()["id"]),
                _("The session has ended."))


@bp.route("/<int:user_id>/sessions/end", methods=["POST"])
@login_required
def end_sessions(user_id):
    me = current_user()
    return _act(user_id, lambda: staff_sessions.end_all(get_db(), user_id, "ended", me["id"],
                                                        keep=me["session_id"]),
                _("Every session of the account has ended."))


@bp.route("/<int:user_id>/reset-password", methods=["POST"])
@login_required
def reset_password(user_id):
    """Give the account a generated password, shown once in this response only (never in a
    redirect, the flash or a cookie; sent no-store), and end every session it has."""
    account = _managed_account(user_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".access", user_id=user_id))
    new_password, ended = users.reset_password(get_db(), user_id, current_user()["id"])
    live.disconnect_sessions(ended)
    return _access_page(account, new_password=new_password)
