"""The organiser's statements, from the note-taker's console (/n/<CODE>): write down what the
head of unit or another speaker for the organiser said, correct it, remove it, until the
record is final (record/statements.py). Plain form posts; a refused save shows the console
again with what was typed and the error beside its field.
"""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from .. import permissions
from ..errors import DomainError
from ..forums import forums
from ..record import statements
from ..store.db import get_db
from .common import current_user, flash_hidden_errors, forum_or_403, login_required, show_error
from .forms.common import ActionForm, CheckInForm, SpokenInputForm
from .forms.record import StatementForm
from .notulis import render_console

bp = Blueprint("statements", __name__, url_prefix="/n")


def _console(forum):
    return redirect(url_for("notulis.console", code=forum["code"]) + "#statements")


def _refused_while_final(forum, form=None):
    """A final record refuses every change (409): said above the console, in the user's language."""
    flash(_("This forum's record is final; nothing can be added."), "error")
    return _again(forum, form, 409)


@bp.route("/<code>/statements", methods=["POST"])
@login_required
def record(code):
    """Write down one statement; a repeated post of the same form stores it once."""
    forum = forum_or_403(code, permissions.can_view_forum)
    form = StatementForm(prefix=StatementForm.PREFIX)
    if not permissions.can_write_record(current_user(), forum):
        return _refused_while_final(forum, form)
    if form.validate_on_submit():
        try:
            _statement, created = statements.record(get_db(), forum, current_user()["id"],
                                                    client_id=form.client_id.data, **form.values())
        except DomainError as e:
            show_error(form, e)
            return _again(forum, form, e.status)
        flash(_("The organiser's statement is recorded.") if created else
              _("This statement was already recorded; it was not stored twice."), "success")
        return _console(forum)
    flash_hidden_errors(form)
    return _again(forum, form, 400)


def _again(forum, form, status):
    return render_console(forum, SpokenInputForm(formdata=None), CheckInForm(formdata=None), status,
                          statement=form)


@bp.route("/<code>/statements/<int:statement_id>", methods=["GET", "POST"])
@login_required
def edit(code, statement_id):
    """Correct one statement (its speaker, what it concerns, its text)."""
    forum = forum_or_403(code, permissions.can_view_forum)
    db = get_db()
    found = statements.get(db, forum["id"], statement_id)
    if found is None:
        abort(404)
    allowed = permissions.can_write_record(current_user(), forum)
    form = StatementForm(prefix=StatementForm.PREFIX, data=found)
    form.set_choices(forums.services(db, forum["id"]), forums.aspects(db, forum["id"]))
    status = 200
    if form.is_submitted():
        if not allowed:
            return _refused_while_final(forum)
        if form.validate():
            try:
                statements.edit(db, forum, statement_id, current_user()["id"], **form.values())
                flash(_("Saved."), "success")
                return _console(forum)
            except DomainError as e:
                show_error(form, e)
                status = e.status
        else:
            status = 400
    return render_template("notulis/statement.html", forum=forum, form=form, statement=found,
                           allowed=allowed, action_form=ActionForm()), status


@bp.route("/<code>/statements/<int:statement_id>/remove", methods=["POST"])
@login_required
def remove(code, statement_id):
    """Remove a statement written down by mistake (the audit log keeps it)."""
    forum = forum_or_403(code, permissions.can_view_forum)
    if not permissions.can_write_record(current_user(), forum):
        return _refused_while_final(forum)
    if ActionForm().validate_on_submit():
        try:
            statements.remove(get_db(), forum, statement_id, current_user()["id"])
            flash(_("The statement is removed."), "success")
        except DomainError as e:
            flash(e.message, "error")
    return _console(forum)
