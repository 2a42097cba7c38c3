"""Staff accounts (admin): list and create. Passwords are set here or from the CLI."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import permissions
from ...people import users
from ...store.db import get_db
from ..common import current_user, login_required
from ..forms.setup import UserForm

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
                         by_user_id=current_user()["id"])
        except ValueError:
            form.username.errors.append(_("This username is taken."))
        else:
            flash(_("The account was created. Assign it to forums on each forum's page."), "success")
            return redirect(url_for(".index"))
    return render_template("staff/accounts/users.html", form=form, users=users.all_users(get_db())), \
        400 if form.errors else 200
