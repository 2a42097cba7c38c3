"""Staff pages for one forum: the list, the forum's overview (status and lifecycle,
links, assigned staff, audit log) and the minutes downloads."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import audit, permissions
from ...errors import DomainError
from ...forums import forums, lifecycle, setup
from ...people import users
from ...store.db import get_db
from ..common import current_user, flash_errors, forum_or_403, login_required, safe_next
from ..forms.common import ActionForm, choices
from ..forms.setup import AssignForm, FinaliseForm
from . import documents

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.route("/")
@login_required
def home():
    """The forums this staff member may work on."""
    user = current_user()
    visible = [f for f in forums.all_forums(get_db()) if permissions.can_view_forum(user, f)]
    return render_template("staff/overview/home.html", forums=visible, action_form=ActionForm(),
                           can_create=permissions.can_create_forum(user),
                           can_manage_users=permissions.can_manage_users(user))


@bp.route("/forums/<code>")
@login_required
def forum(code):
    """One forum: details, lifecycle steps the user may take, links, staff, audit log."""
    db, forum, user = get_db(), forum_or_403(code, permissions.can_view_forum), current_user()
    assign_form = AssignForm()
    assigned = users.assigned(db, forum["id"])
    taken = {u["id"] for u in assigned}
    assign_form.user_id.choices = choices(
        (u["id"], u["username"]) for u in users.all_users(db) if u["role"] != "admin" and u["id"] not in taken)
    actions = [a for a in lifecycle.actions_from(forum["status"]) if permissions.can_transition(user, forum, a)]
    return render_template(
        "staff/overview/forum.html", forum=forum, agenda=setup.agenda(forum), p=permissions, user=user,
        actions=actions, action_form=ActionForm(), assign_form=assign_form, assigned=assigned,
        # Finalising asks for an explicit acceptance while the record is not complete.
        finalise_form=FinaliseForm(),
        open_items=lifecycle.open_items(db, forum["id"]) if "finalise" in actions else None,
        services=forums.services(db, forum["id"]), aspects=forums.aspects(db, forum["id"]),
        log=audit.for_forum(db, forum["id"])[:50])


@bp.route("/forums/<code>/lifecycle/<action>", methods=["POST"])
@login_required
def transition(code, action):
    """Take one lifecycle step (open, pause, close, finalise, publish); finalising carries
    the staff's acceptance of what the record still lacks, if anything."""
    forum = forum_or_403(code, lambda user, f: permissions.can_transition(user, f, action))
    form = FinaliseForm() if action == "finalise" else ActionForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors or not form.errors:
            abort(400)
        flash_errors(form)
    else:
        accept_open = form.accept_open.data if action == "finalise" else False
        try:
            lifecycle.transition(get_db(), forum, action, current_user()["id"], accept_open=accept_open)
        except DomainError as e:
            flash(e.message, "error")
    return redirect(safe_next(request.args.get("next"), url_for(".forum", code=forum["code"])))


@bp.route("/forums/<code>/staff", methods=["POST"])
@login_required
def assign(code):
    """Let a moderator or note-taker work on this forum."""
    forum = forum_or_403(code, permissions.can_assign_staff)
    form = AssignForm()
    if form.validate_on_submit() and users.get(get_db(), form.user_id.data):
        users.assign(get_db(), forum["id"], form.user_id.data, current_user()["id"])
    return redirect(url_for(".forum", code=forum["code"]))


@bp.route("/forums/<code>/staff/<int:user_id>/remove", methods=["POST"])
@login_required
def unassign(code, user_id):
    """Stop a moderator or note-taker working on this forum."""
    forum = forum_or_403(code, permissions.can_assign_staff)
    if not ActionForm().validate_on_submit():
        abort(400)
    users.unassign(get_db(), forum["id"], user_id, current_user()["id"])
    flash(_("Saved."), "success")
    return redirect(url_for(".forum", code=forum["code"]))


@bp.route("/forums/<code>/berita-acara.docx")
@login_required
def berita_acara_docx(code):
    """The Berita Acara as an editable Word document (kept URL; see documents.get)."""
    return _download(code, "berita-acara", "docx")


@bp.route("/forums/<code>/inputs.csv")
@login_required
def inputs_csv(code):
    """Every input with its status, for a spreadsheet (kept URL; see documents.get)."""
    return _download(code, "inputs", "csv")


def _download(code, name, fmt):
    return documents.download(forum_or_403(code, permissions.can_export), name, fmt)
