"""The moderator's laptop: input arriving live, approve/hide/pin, and the forum's focus.

Buttons are real forms (they work without JavaScript); moderator.js sends the same
commands over the socket and keeps the list live.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from .. import comments, forums, lifecycle, moderation, participants, permissions, screen
from ..db import get_db
from ..errors import DomainError
from ..forms import ActionForm, FocusForm, to_id
from .common import current_user, forum_or_404, login_required

bp = Blueprint("moderator", __name__, url_prefix="/m")

ACTIONS = {
    "approve": lambda db, forum, cid, user: moderation.approve(db, forum, cid, user["id"]),
    "hide": lambda db, forum, cid, user: moderation.hide(db, forum, cid, user["id"]),
    "pin": lambda db, forum, cid, user: moderation.pin(db, forum, cid, True, user["id"]),
    "unpin": lambda db, forum, cid, user: moderation.pin(db, forum, cid, False, user["id"]),
    "answer": lambda db, forum, cid, user: moderation.mark_answered(db, forum, cid, True, user["id"]),
    "unanswer": lambda db, forum, cid, user: moderation.mark_answered(db, forum, cid, False, user["id"]),
    "merge": lambda db, forum, cid, user: moderation.merge(
        db, forum, cid, to_id(request.form.get("into_id")) or 0, user["id"]),
    "correct": lambda db, forum, cid, user: moderation.correct(
        db, forum, cid, user["id"], text=request.form.get("text"), kind=request.form.get("kind"),
        service_id=to_id(request.form.get("service_id")), aspect_id=to_id(request.form.get("aspect_id"))),
}


def _forum_for_moderator(code):
    forum = forum_or_404(code)
    if not permissions.can_moderate(current_user(), forum):
        abort(403)
    return forum


@bp.route("/<code>")
@login_required
def console(code):
    """Every input of the forum, newest first, filterable by service, aspect and status."""
    db = get_db()
    forum = _forum_for_moderator(code)
    filters = {"service_id": to_id(request.args.get("service_id")),
               "aspect_id": to_id(request.args.get("aspect_id")),
               "status": request.args.get("status") if request.args.get("status") in
               ("pending", "approved", "hidden") else None}
    focus_form = FocusForm(data=forums.focus(forum))
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    focus_form.set_choices(services, aspects)
    return render_template(
        "moderator/console.html", forum=forum, services=services, aspects=aspects,
        filters=filters, items=comments.for_moderator(db, forum["id"], **filters),
        aspect_counts=comments.aspect_counts(db, forum["id"]),
        group_counts=participants.group_counts(db, forum["id"]),
        screen_state=screen.state(db, forum), display_modes=screen.MODES,
        lifecycle_actions=[a for a in lifecycle.actions_from(forum["status"])
                           if permissions.can_transition(current_user(), forum, a)],
        focus_form=focus_form, action_form=ActionForm())


@bp.route("/<code>/comments/<int:comment_id>/<action>", methods=["POST"])
@login_required
def act(code, comment_id, action):
    """Approve, hide, pin or unpin one input."""
    forum = _forum_for_moderator(code)
    if action not in ACTIONS or not ActionForm().validate_on_submit():
        abort(400)
    try:
        ACTIONS[action](get_db(), forum, comment_id, current_user())
    except DomainError as e:
        flash(e.message, "error")
    return redirect(url_for(".console", code=forum["code"], **_kept_filters()))


@bp.route("/<code>/participants/<int:participant_id>/<action>", methods=["POST"])
@login_required
def ban(code, participant_id, action):
    """Stop (or allow again) input from one participant."""
    forum = _forum_for_moderator(code)
    if action not in ("ban", "unban") or not ActionForm().validate_on_submit():
        abort(400)
    try:
        participants.set_banned(get_db(), forum, participant_id, action == "ban", current_user()["id"])
    except DomainError as e:
        flash(e.message, "error")
    return redirect(url_for(".console", code=forum["code"]))


@bp.route("/<code>/focus", methods=["POST"])
@login_required
def set_focus(code):
    """Point every phone and the display at one service × aspect."""
    forum = _forum_for_moderator(code)
    form = FocusForm()
    if form.validate_on_submit():
        try:
            forums.set_focus(get_db(), forum, form.service_id.data, form.aspect_id.data)
        except DomainError as e:
            flash(e.message, "error")
    return redirect(url_for(".console", code=forum["code"]))


@bp.route("/<code>/display", methods=["POST"])
@login_required
def set_display(code):
    """Switch what the projector shows (join screen, feed, one input, chart, closed)."""
    forum = _forum_for_moderator(code)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        screen.set_mode(get_db(), forum, request.form.get("mode", ""),
                        to_id(request.form.get("comment_id")), current_user()["id"])
    except DomainError as e:
        flash(e.message, "error")
    return redirect(url_for(".console", code=forum["code"]))


@bp.route("/<code>/display/sort", methods=["POST"])
@login_required
def sort_display(code):
    """Order the display's feed by newest or by most support."""
    forum = _forum_for_moderator(code)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        screen.set_sort(get_db(), forum, request.form.get("sort", ""), current_user()["id"])
    except DomainError as e:
        flash(e.message, "error")
    return redirect(url_for(".console", code=forum["code"]))


def _kept_filters():
    return {k: v for k in ("service_id", "aspect_id", "status") if (v := request.args.get(k))}
