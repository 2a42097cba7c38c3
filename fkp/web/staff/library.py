"""The service library (admin): services an office consults again and again, with a
description, offered when preparing every new forum."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import permissions
from ...errors import DomainError
from ...forums import library
from ...store.db import get_db
from ..common import current_user, flash_errors, login_required
from ..forms.setup import LibraryServiceForm

bp = Blueprint("library", __name__, url_prefix="/staff/library")


@bp.route("/", methods=["GET", "POST"])
@login_required
def index():
    """Every library service, editable in place, and a row to add one."""
    if not permissions.can_create_forum(current_user()):
        abort(403)
    form = LibraryServiceForm()
    if form.validate_on_submit():
        try:  # a row without an id (or with one no row can have) adds a service
            library.save(get_db(), form.id.data, form.name.data, form.description.data or "",
                         user_id=current_user()["id"])
        except DomainError as e:
            flash(e.message, "error")
        else:
            flash(_("Saved."), "success")
        return redirect(url_for(".index"))
    if form.is_submitted():
        flash_errors(form)
        return redirect(url_for(".index"))
    return render_template("staff/library/library.html", form=form, services=library.all_services(get_db()))
