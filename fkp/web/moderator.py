"""The moderator's laptop: input arriving live, approve/hide/pin, and the forum's focus.

Buttons are real forms (they work without JavaScript); moderator.js sends the same
commands over the socket and keeps the list live.
"""
from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import commands, permissions
from ..errors import DomainError
from ..forums import agreement, display, forums, lifecycle
from ..inputs import comments, groups, queue, resync
from ..people import participants
from ..store.db import get_db
from .common import current_user, flash_errors, forum_or_403, login_required, since_param
from .forms.common import ActionForm, FocusForm, to_id
from .forms.moderator import (
    BULK_COMMANDS,
    BulkModerationForm,
    CorrectForm,
    DisplayForm,
    MergeForm,
    MergeGroupForm,
    SortForm,
)

bp = Blueprint("moderator", __name__, url_prefix="/m")

# A card's button (the URL's action) -> (its command in fkp/commands.py, the arguments the
# button itself fixes, the form that carries the rest). moderator.js sends the same commands
# over the socket (its COMMANDS); tests/test_commands.py checks that every command has a button.
ACTIONS = {
    "approve": ("approve_comment", {}, ActionForm),
    "hide": ("hide_comment", {}, ActionForm),
    "pin": ("pin_comment", {"pinned": True}, ActionForm),
    "unpin": ("pin_comment", {"pinned": False}, ActionForm),
    "answer": ("answer_comment", {"answered": True}, ActionForm),
    "unanswer": ("answer_comment", {"answered": False}, ActionForm),
    "merge": ("merge_comment", {}, MergeForm),
    "unmerge": ("unmerge_comment", {}, ActionForm),
    "correct": ("correct_comment", {}, CorrectForm),
}
BAN_ACTIONS = {"ban": True, "unban": False}  # ban_participant's `banned`
GROUPS_SHOWN = 12  # the largest groups of a service × aspect the console lists
MAX_IDS_ASKED = 250  # inputs one similar-counts request may name: more than the page holds


@bp.route("/<code>")
@login_required
def console(code):
    """One page of the forum's inputs, newest first, narrowed by filters that combine
    (fkp/inputs/queue.py); `before` pages to older input, `view=compact` shows one line each."""
    db = get_db()
    forum = forum_or_403(code, permissions.can_moderate)
    filters = queue.Filters.from_args(request.args)
    before = to_id(request.args.get("before"))
    items, more = queue.page(db, forum["id"], filters, before)
    focus_form = FocusForm(data=forums.focus(forum))
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    focus_form.set_choices(services, aspects)
    # The groups of similar input for the service × aspect the list is narrowed to; for the
    # focus, moderator_groups.js asks once the list is live (building a forum's groups the
    # first time takes a moment at thousands of inputs, and the queue comes first).
    cell = (filters.service_id, filters.aspect_id)
    cell_groups = groups.groups(db, forum["id"], *cell)[:GROUPS_SHOWN] if isinstance(cell[0], int) and cell[1] else None
    return render_template(
        "moderator/console.html", forum=forum, services=services, aspects=aspects, cell_groups=cell_groups,
        filters=filters, filter_args=filters.as_args(), before=before, items=items, more=more, page_size=queue.PAGE,
        compact=request.args.get("view") == "compact",
        matching=queue.count(db, forum["id"], filters),
        cell_counts=queue.cell_counts(db, forum["id"]),
        group_counts=participants.group_counts(db, forum["id"]),
        screen_state=display.state(db, forum), display_modes=display.MODES,
        lifecycle_actions=[a for a in lifecycle.actions_from(forum["status"])
                           if permissions.can_transition(current_user(), forum, a)],
        guarded=lifecycle.GUARDED,  # these lead to their confirmation page (staff/steps.py)
        focus_form=focus_form, action_form=ActionForm(),
        agreement_question=agreement.current(db, forum), agreement_answers=agreement.ANSWERS)


@bp.route("/<code>/inputs")
@login_required
def older(code):
    """The next page of the queue, as JSON, for the console's "older input" button."""
    forum = forum_or_403(code, permissions.can_moderate)
    items, more = queue.page(get_db(), forum["id"], queue.Filters.from_args(request.args),
                             to_id(request.args.get("before")))
    return jsonify(items=items, more=more)


@bp.route("/<code>/changes")
@login_required
def changes(code):
    """What a staff console (moderator or note-taker) missed after sequence number `since`."""
    forum = forum_or_403(code, permissions.can_view_forum)
    try:
        since = since_param()
    except DomainError as e:
        return jsonify(error=e.message), 400
    return jsonify(resync.changes(get_db(), forum["id"], since, "staff"))


def _command(code, name, form, args, strict=False, **back):
    """Run one command of fkp/commands.py posted as a plain form (JavaScript off, or the socket
    down): its gate, the form's check, the domain's refusal and the way back to the console,
    the same for every button. `args` are the arguments the URL fixes; the form adds its data.
    A form the page fills entirely (strict: the focus selects) can only be wrong if forged,
    and is refused with 400; any other refusal is said above the console."""
    forum = forum_or_403(code, commands.COMMANDS[name].allowed)
    if not form.validate_on_submit():
        if strict or "csrf_token" in form.errors:
            abort(400)
        flash_errors(form)
    else:
        payload = {**args, **{k: v for k, v in form.data.items() if k != "csrf_token"}}
        try:
            commands.run(name, get_db(), forum, current_user()["id"], payload)
        except commands.InvalidArguments:
            abort(400)
        except DomainError as e:
            flash(e.message, "error")
    return redirect(url_for(".console", code=forum["code"], **back))


@bp.route("/<code>/comments/<int:comment_id>/<action>", methods=["POST"])
@login_required
def act(code, comment_id, action):
    """Approve, hide, pin, unpin, answer, merge, unmerge or correct one input."""
    if action not in ACTIONS:
        abort(400)
    name, fixed, form_class = ACTIONS[action]
    return _command(code, name, form_class(), {"id": comment_id, **fixed}, **_kept_filters())


@bp.route("/<code>/bulk", methods=["POST"])
@login_required
def bulk(code):
    """Approve or hide every input ticked in the console, as one change."""
    form = BulkModerationForm()
    name = BULK_COMMANDS.get(form.action.data)
    if name is None:
        abort(400)  # only a forged form names another action
    return _command(code, name, form, {}, **_kept_filters())


@bp.route("/<code>/merge-group", methods=["POST"])
@login_required
def merge_group(code):
    """Fold a group of similar inputs (the ids ticked) into the one kept, in one change."""
    return _command(code, "merge_comments", MergeGroupForm(), {}, **_kept_filters())


@bp.route("/<code>/groups")
@login_required
def similar_groups(code):
    """The groups of similar inputs (two or more) of one service × aspect, largest first, as
    JSON: {groups: [{id, size, representative: {input_id, text}, members: [ids]}]}. A group's
    id is its earliest member's input id (fkp/inputs/groups.py)."""
    forum = forum_or_403(code, permissions.can_view_forum)
    service_id, aspect_id = to_id(request.args.get("service_id")), to_id(request.args.get("aspect_id"))
    if service_id is None or aspect_id is None:
        return jsonify(error=_("Choose a service and an aspect.")), 400
    return jsonify(groups=groups.groups(get_db(), forum["id"], service_id, aspect_id))


@bp.route("/<code>/comments/<int:comment_id>/similar")
@login_required
def similar(code, comment_id):
    """The inputs grouped with one input, as JSON: {id, size, representative, members: [{id,
    text, participant_name, status}]} without the input itself; id null and no members when it
    is in no group (no service or aspect yet)."""
    db, forum = get_db(), forum_or_403(code, permissions.can_view_forum)
    comment = comments.get(db, comment_id)
    if comment is None or comment["forum_id"] != forum["id"]:
        return jsonify(error=_("This input was not found in the forum.")), 404
    found = groups.similar_to(db, forum["id"], comment_id)
    return jsonify(found or {"id": None, "size": 0, "representative": None, "members": []})


@bp.route("/<code>/similar-counts")
@login_required
def similar_counts(code):
    """How many similar inputs each listed input has (`ids=1,2,3`), as JSON: {counts: {id:
    {group, size}}} for the inputs in a group of two or more, for the console's cards."""
    forum = forum_or_403(code, permissions.can_view_forum)
    asked = [to_id(v) for v in (request.args.get("ids") or "").split(",")[:MAX_IDS_ASKED]]
    found = groups.groups_of(get_db(), forum["id"], [i for i in asked if i])
    return jsonify(counts={i: {"group": group, "size": len(members)}
                           for i, (group, members) in found.items() if len(members) > 1})


@bp.route("/<code>/comments/<int:comment_id>/merge")
@login_required
def choose_merge(code, comment_id):
    """Merging one input, chosen from the inputs similar to it (the page the card's "merge"
    link opens without JavaScript; with it, the card lists them itself)."""
    db, forum = get_db(), forum_or_403(code, permissions.can_moderate)
    comment = comments.get(db, comment_id)
    if comment is None or comment["forum_id"] != forum["id"]:
        abort(404)
    found = groups.similar_to(db, forum["id"], comment_id)
    return render_template("moderator/merge.html", forum=forum, comment=comment,
                           similar=found["members"] if found else [], form=MergeForm(),
                           back=url_for(".console", code=forum["code"], **_kept_filters()))


@bp.route("/<code>/participants/<int:participant_id>/<action>", methods=["POST"])
@login_required
def ban(code, participant_id, action):
    """Stop (or allow again) input from one participant."""
    if action not in BAN_ACTIONS:
        abort(400)
    return _command(code, "ban_participant", ActionForm(),
                    {"id": participant_id, "banned": BAN_ACTIONS[action]})


@bp.route("/<code>/focus", methods=["POST"])
@login_required
def set_focus(code):
    """Point every phone and the display at one service × aspect."""
    return _command(code, "set_focus", FocusForm(), {}, strict=True)


@bp.route("/<code>/display", methods=["POST"])
@login_required
def set_display(code):
    """Switch what the projector shows (join screen, feed, one input, chart, closed)."""
    return _command(code, "set_display", DisplayForm(), {})


@bp.route("/<code>/display/sort", methods=["POST"])
@login_required
def sort_display(code):
    """Order the display's feed by newest or by most support."""
    return _command(code, "sort_display", SortForm(), {})


@bp.route("/<code>/agreement/<action>", methods=["POST"])
@login_required
def agreement_question(code, action):
    """Ask the hall "Setuju dengan rancangan ini?" about the focus, or close the question."""
    if action not in ("open", "close"):
        abort(400)
    return _command(code, f"{action}_agreement", ActionForm(), {})


@bp.route("/<code>/promises/<action>", methods=["POST"])
@login_required
def promises_panel(code, action):
    """Show the previous forum's promises on the projector, or take them off."""
    if action not in ("show", "hide"):
        abort(400)
    return _command(code, f"{action}_promises", ActionForm(), {})


def _kept_filters():
    """The console's filters and view, kept across a button's plain form post."""
    kept = queue.Filters.from_args(request.args).as_args()
    if request.args.get("view") == "compact":
        kept["view"] = "compact"
    if before := to_id(request.args.get("before")):
        kept["before"] = before
    return kept
