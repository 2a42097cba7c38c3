"""Staff accounts (admin): list and create; each person's name, position and NIP as the
documents print them (an admin for anyone, everyone for themselves). Passwords are set here
or from the CLI."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...people import users
from ...store.db import get_db
from ..common import current_user, login_required
from ..forms.setup import IdentityForm, UserForm

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
