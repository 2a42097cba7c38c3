"""Staff pages for one forum: the list, the forum's overview (status, lifecycle steps and
the next steps after the forum, links, assigned staff, audit log) and the minutes downloads.
The steps themselves are taken through steps.py."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ... import audit, permissions
from ...forums import checklist, forums, lifecycle, promises, removal, setup
from ...people import users
from ...record import followups
from ...standards import texts as standard_texts
from ...store.db import get_db
from ..common import current_user, forum_or_403, login_required
from ..forms.common import ActionForm, choices
from ..forms.setup import AssignForm
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
        can_delete=permissions.can_delete_forum(user, forum) and removal.is_deletable(forum),
        # The staff's progress once the forum runs, and the step after it (steps.py guards it).
        next_steps=checklist.checklist(db, forum, checklist.next_step(forum)) if forum["status"] != "draft" else None,
        next_step=checklist.next_step(forum), guarded=lifecycle.GUARDED,
        admin_only=permissions.ADMIN_ONLY_ACTIONS,
        services=forums.services(db, forum["id"]), aspects=forums.aspects(db, forum["id"]),
        standard=standard_texts.completeness(db, forum["id"]), log=audit.for_forum(db, forum["id"])[:50],
        **_previous(db, forum))


def _previous(db, forum):
    """A review forum's forum before it and that forum's promises, the open ones first."""
    previous = promises.previous(db, forum)
    return {"previous": previous,
            "previous_promises": followups.open_first(db, previous["id"]) if previous else []}


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
