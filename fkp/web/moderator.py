"""The moderator's laptop: input arriving live, approve/hide/pin, and the forum's focus.

Buttons are real forms (they work without JavaScript); moderator.js sends the same
commands over the socket and keeps the list live.
"""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for

from .. import permissions
from ..errors import DomainError
from ..forums import display, forums, lifecycle
from ..inputs import comments, moderation, resync
from ..people import participants
from ..store.db import get_db
from .common import current_user, forum_or_404, login_required, since_param
from .forms.common import ActionForm, FocusForm, to_id

bp = Blueprint("moderator", __name__, url_prefix="/m")

ACTIONS = {
    "approve": lambda db, forum, cid, user_id: moderation.approve(db, forum, cid, user_id),
    "hide": lambda db, forum, cid, user_id: moderation.hide(db, forum, cid, user_id),
    "pin": lambda db, forum, cid, user_id: moderation.pin(db, forum, cid, True, user_id),
    "unpin": lambda db, forum, cid, user_id: moderation.pin(db, forum, cid, False, user_id),
    "answer": lambda db, forum, cid, user_id: moderation.mark_answered(db, forum, cid, True, user_id),
    "unanswer": lambda db, forum, cid, user_id: moderation.mark_answered(db, forum, cid, False, user_id),
    "merge": lambda db, forum, cid, user_id: moderation.merge(
        db, forum, cid, to_id(request.form.get("into_id")) or 0, user_id),
    "correct": lambda db, forum, cid, user_id: moderation.correct(
        db, forum, cid, user_id, text=request.form.get("text"), kind=request.form.get("kind"),
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
        screen_state=display.state(db, forum), display_modes=display.MODES,
        lifecycle_actions=[a for a in lifecycle.actions_from(forum["status"])
                           if permissions.can_transition(current_user(), forum, a)],
        focus_form=focus_form, action_form=ActionForm())


@bp.route("/<code>/changes")
@login_required
def changes(code):
    """What a staff console (moderator or note-taker) missed after sequence number `since`."""
    forum = forum_or_404(code)
    if not permissions.can_view_forum(current_user(), forum):
        abort(403)
    try:
        since = since_param()
    except DomainError as e:
        return jsonify(error=e.message), 400
    return jsonify(resync.changes(get_db(), forum["id"], since, "staff"))


def _command(code, change, form=None, **back):
    """Run one moderator command posted as a plain form (JavaScript off or disconnected): the
    same guard, CSRF check, refusal message and way back to the console for every button."""
    forum = _forum_for_moderator(code)
    form = form or ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        change(get_db(), forum, current_user()["id"], form)
    except DomainError as e:
        flash(e.message, "error")
    return redirect(url_for(".console", code=forum["code"], **back))


@bp.route("/<code>/comments/<int:comment_id>/<action>", methods=["POST"])
@login_required
def act(code, comment_id, action):
    """Approve, hide, pin, unpin, answer, merge or correct one input."""
    if action not in ACTIONS:
        abort(400)
    return _command(code, lambda db, forum, user_id, form: ACTIONS[action](
        db, forum, comment_id, user_id), **_kept_filters())


@bp.route("/<code>/participants/<int:participant_id>/<action>", methods=["POST"])
@login_required
def ban(code, participant_id, action):
    """Stop (or allow again) input from one participant."""
    if action not in ("ban", "unban"):
        abort(400)
    return _command(code, lambda db, forum, user_id, form: participants.set_banned(
        db, forum, participant_id, action == "ban", user_id))


@bp.route("/<code>/focus", methods=["POST"])
@login_required
def set_focus(code):
    """Point every phone and the display at one service × aspect."""
    return _command(code, lambda db, forum, user_id, form: forums.set_focus(
        db, forum, form.service_id.data, form.aspect_id.data, user_id), form=FocusForm())


@bp.route("/<code>/display", methods=["POST"])
@login_required
def set_display(code):
    """Switch what the projector shows (join screen, feed, one input, chart, closed)."""
    return _command(code, lambda db, forum, user_id, form: display.set_mode(
        db, forum, request.form.get("mode", ""), to_id(request.form.get("comment_id")), user_id))


@bp.route("/<code>/display/sort", methods=["POST"])
@login_required
def sort_display(code):
    """Order the display's feed by newest or by most support."""
    return _command(code, lambda db, forum, user_id, form: display.set_sort(
        db, forum, request.form.get("sort", ""), user_id))


def _kept_filters():
    return {k: v for k in ("service_id", "aspect_id", "status") if (v := request.args.get(k))}
