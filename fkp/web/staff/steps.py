"""A forum's lifecycle steps, taken from its staff page or the moderator's console.

Opening and pausing are one click. The guarded steps (lifecycle.GUARDED: close, reopen,
finalise, unfinalise, publish) first show a page that says in plain words what the step does
and, before closing, finalising and publishing, what is still open (forums/checklist.py);
the step is taken only when staff tick that they understand. Without the tick nothing
changes and the page says so beside the box. Works without JavaScript.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ... import permissions
from ...errors import DomainError
from ...forums import checklist, lifecycle
from ...store.db import get_db
from ...vocabulary import FORUM_STATUSES
from ..common import current_user, forum_or_403, login_required, safe_next
from ..forms.common import ActionForm
from ..forms.setup import FinaliseForm, StepForm, UnfinaliseForm
from ..localise import number

bp = Blueprint("steps", __name__, url_prefix="/staff/forums")

FORMS = {"finalise": FinaliseForm, "unfinalise": UnfinaliseForm}
# What the person ticks: the step's consequence in their own words.
UNDERSTOOD = {
    "close": _l("I understand that attendees can no longer send input once the forum is closed."),
    "reopen": _l("I understand that the forum goes back to Paused and takes input again only "
                 "when it is opened."),
    "finalise": _l("I understand that finalising locks the record: responses, conclusions, "
                   "signatories and attendance can no longer change."),
    "unfinalise": _l("I understand that the record can be changed again and must be finalised "
                     "again before the results are published."),
    "publish": _l("I understand that publishing makes the results public and cannot be undone."),
}
WITH_CHECKLIST = ("close", "finalise", "publish")


def _gate(code, action):
    return forum_or_403(code, lambda user, forum: permissions.can_transition(user, forum, action))


def _back(forum):
    """Where the step was asked from (the console passes ?next=), else the forum page."""
    return safe_next(request.args.get("next"), url_for("staff.forum", code=forum["code"]))


def _form(action):
    form = FORMS.get(action, StepForm)()
    form.confirm.label.text = UNDERSTOOD[action]
    return form


def _page(forum, action, form, status=200):
    for box in (f for f in form if f.type == "BooleanField" and f.errors):
        box.data, box.raw_data = False, None  # a refused box comes back empty, ticking sends "y"
    items = checklist.checklist(get_db(), forum, action) if action in WITH_CHECKLIST else None
    if action == "finalise":  # the acceptance names what it accepts
        open_now = {item["key"]: number(item["open"]) for item in items if item["key"] in ("pending", "undecided")}
        form.accept_open.label.text = _(
            "I understand that %(undecided)s inputs have no decision yet and %(pending)s were never "
            "moderated, and that finalising locks the record with them open; the official minutes "
            "will say so.", **open_now)
    return render_template(
        "staff/steps/confirm.html", forum=forum, action=action, form=form, items=items,
        back=_back(forum), next=safe_next(request.args.get("next"), None),
        p=permissions, user=current_user()), status


@bp.route("/<code>/lifecycle/<action>")
@login_required
def confirm(code, action):
    """What a guarded step will do and what is still open, with the box to confirm it."""
    forum = _gate(code, action)
    if action not in lifecycle.GUARDED:
        abort(404)  # open and pause are one click, without a page
    return _page(forum, action, _form(action))


@bp.route("/<code>/lifecycle/<action>", methods=["POST"])
@login_required
def transition(code, action):
    """Take one lifecycle step; a guarded one only confirmed (and finalising with the
    acceptance of what the record still lacks, unfinalising with a reason)."""
    forum = _gate(code, action)
    if action not in lifecycle.GUARDED:
        return _one_click(forum, action)
    form = _form(action)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _page(forum, action, form, 400)
    try:
        lifecycle.transition(get_db(), forum, action, current_user()["id"],
                             accept_open=action == "finalise" and form.accept_open.data,
                             reason=form.reason.data if action == "unfinalise" else "")
    except DomainError as e:
        if e.field in form:
            form[e.field].errors = [*form[e.field].errors, e.message]
        else:
            flash(e.message, "error")
        return _page(forum, action, form, e.status)
    flash(_("The forum's status is now: %(status)s.", status=FORUM_STATUSES[lifecycle.TRANSITIONS[action][1]]),
          "success")
    return redirect(_back(forum))


def _one_click(forum, action):
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        lifecycle.transition(get_db(), forum, action, current_user()["id"])
    except DomainError as e:
        flash(e.message, "error")
    return redirect(_back(forum))
