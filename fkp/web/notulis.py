"""The note-taker's console: write down what attendees say aloud, for a named speaker, and
check in attendees who have no phone; what the organiser says is written down beside it
(web/statements.py).

Both are plain form posts (they work without JavaScript); notulis.js keeps the list of
recent input, the speaker list, the forum's status and its focus live.
"""
import base64
import secrets

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from .. import permissions, vocabulary
from ..errors import DomainError
from ..forums import forums
from ..inputs import comments, queue, receipts
from ..people import participants
from ..record import statements
from ..serve import lan
from ..store.db import get_db
from . import qr
from .common import current_user, flash_hidden_errors, forum_or_403, login_required, pick_id, show_error
from .forms.common import ActionForm, CheckInForm, SpokenInputForm, to_id
from .forms.record import StatementForm

bp = Blueprint("notulis", __name__, url_prefix="/n")

RECENT = 50  # inputs listed on the console (the newest; the moderator console pages through all)


def speaker_label(participant):
    """Name — institution — group: enough to tell two people of the same name apart."""
    group = vocabulary.GROUPS.get(participant["group_code"])
    return " — ".join(str(part) for part in (participant["name"], participant["institution"], group)
                      if part)


@bp.route("/<code>")
@login_required
def console(code):
    """The forum's status and focus, the spoken-input and check-in forms, recent input."""
    forum = forum_or_403(code, permissions.can_view_forum)
    spoken = SpokenInputForm(formdata=None)
    spoken.participant_id.data = to_id(request.args.get("speaker"))
    spoken.service_id.data = to_id(request.args.get("service_id"))
    spoken.aspect_id.data = to_id(request.args.get("aspect_id"))
    return render_console(forum, spoken, CheckInForm(formdata=None))


@bp.route("/<code>/spoken", methods=["POST"])
@login_required
def record_spoken(code):
    """Store what a named speaker said; a repeated post of the same form stores it once."""
    db, user = get_db(), current_user()
    forum = forum_or_403(code, permissions.can_view_forum)
    form = SpokenInputForm()
    if not permissions.can_record_spoken(user, forum):
        # Staff of the forum are refused only because it is not open.
        flash(_("The forum is not accepting input right now."), "error")
        return render_console(forum, form, CheckInForm(formdata=None), 409)
    if form.validate_on_submit():
        speaker = participants.get(db, form.participant_id.data)
        if speaker is None or speaker["forum_id"] != forum["id"]:
            form.participant_id.errors.append(_("This participant was not found in the forum."))
            return render_console(forum, form, CheckInForm(formdata=None), 400)
        try:
            comment, created = comments.submit(
                db, forum, speaker, service_id=form.service_id.data, aspect_id=form.aspect_id.data,
                kind=form.kind.data, text=form.text.data, client_id=form.client_id.data,
                recorded_by=user["id"])
        except DomainError as e:
            show_error(form, e)
            return render_console(forum, form, CheckInForm(formdata=None), e.status)
        if created:
            # The code is said at once, so the speaker can be handed its slip (the list links it).
            flash(_("Recorded for %(name)s, receipt code %(code)s. It waits for the moderator.",
                    name=speaker["name"], code=comment["receipt"]), "success")
        else:
            flash(_("This input was already recorded; it was not stored twice."), "success")
        # The speaker is not kept: the next words may be someone else's, and must never be
        # credited to this person by default. Service and aspect stay for the next speaker.
        return redirect(url_for(".console", code=forum["code"],
                                service_id=form.service_id.data, aspect_id=form.aspect_id.data))
    flash_hidden_errors(form)
    return render_console(forum, form, CheckInForm(formdata=None), 400)


@bp.route("/<code>/check-in", methods=["POST"])
@login_required
def check_in(code):
    """Put someone on the attendance list on the spot (no phone, or not on the list yet)."""
    db, user = get_db(), current_user()
    forum = forum_or_403(code, permissions.can_view_forum)
    form = CheckInForm()
    if not permissions.can_check_in(user, forum):
        flash(_("This forum has ended; attendance is closed."), "error")
        return render_console(forum, SpokenInputForm(formdata=None), form, 409)
    if form.validate_on_submit():
        try:
            participant, _token = participants.join(
                db, forum, name=form.name.data, institution=form.institution.data,
                position=form.position.data, group=form.group.data, contact=form.contact.data,
                consent=form.consent.data, channel="in_person", added_by=user["id"])
        except DomainError as e:
            show_error(form, e)
            return render_console(forum, SpokenInputForm(formdata=None), form, e.status)
        flash(_("%(name)s is checked in and chosen as the speaker.", name=participant["name"]), "success")
        return redirect(url_for(".console", code=forum["code"], speaker=participant["id"]))
    return render_console(forum, SpokenInputForm(formdata=None), form, 400)


@bp.route("/<code>/receipt/<int:comment_id>")
@login_required
def receipt(code, comment_id):
    """A receipt to print and hand to someone whose spoken input was written down (A6 or A5):
    the forum, the service and aspect, what was written, its receipt code large, and the
    address and QR code of its tracker page. The speaker's name is not on it: the slip may be
    lost, and the code alone is what follows the input."""
    db = get_db()
    forum = forum_or_403(code, permissions.can_view_forum)
    comment = comments.get(db, comment_id)
    if comment is None or comment["forum_id"] != forum["id"] or not comment["receipt"]:
        abort(404)
    found = receipts.status(db, comment["receipt"])
    url = lan.phones_base(current_app.config, request.host, request.scheme) + url_for(
        "tracker.status", receipt=comment["receipt"])
    return render_template("notulis/receipt.html", forum=forum, s=found, tracker_url=url,
                           short_url=url.split("://", 1)[-1],
                           qr_src="data:image/svg+xml;base64," + base64.b64encode(qr.svg(url).encode()).decode())


def statement_form(forum, form=None):
    """The organiser's-statement form: as posted (a refused save keeps what was typed), or
    fresh with the forum's head of unit as the speaker; a fresh client_id on every page, so a
    repeated post of one page stores one statement."""
    if form is None:
        head = {"speaker": forum["head_name"], "position": forum["head_position"]}
        form = StatementForm(formdata=None, prefix=StatementForm.PREFIX, data=head)
    form.client_id.data = secrets.token_hex(12)
    return form


def render_console(forum, spoken, check_in_form, status=200, statement=None):
    """The console, with the forms as given (a refused one keeps what was typed, with its errors)."""
    db, user = get_db(), current_user()
    forum = forums.get(db, forum["id"])  # the status or focus may have changed meanwhile
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    speakers = [p for p in participants.attendance(db, forum["id"]) if not p["deleted_utc"]]
    spoken.set_choices(services, aspects)
    # data-* let notulis.js put someone who joins later in the same order (group, then name).
    spoken.set_speakers((p["id"], speaker_label(p), {"data-group": p["group_code"] or "",
                                                     "data-name": p["name"].casefold()})
                        for p in speakers)
    # The service and aspect asked for (the last ones used), else the forum's focus.
    spoken.service_id.data = pick_id(spoken.service_id.data, services, forum["focus_service_id"])
    spoken.aspect_id.data = pick_id(spoken.aspect_id.data, aspects, forum["focus_aspect_id"])
    spoken.client_id.data = secrets.token_hex(12)  # a fresh id per rendered form: a re-post stays one input
    statement = statement_form(forum, statement)
    statement.set_choices(services, aspects)
    return render_template(
        "notulis/console.html", forum=forum, spoken=spoken, check_in=check_in_form,
        services=services, aspects=aspects, items=queue.page(db, forum["id"], queue.Filters(), size=RECENT)[0],
        recent_limit=RECENT, max_chars=comments.MAX_CHARS, can_record=permissions.can_record_spoken(user, forum),
        can_check_in=permissions.can_check_in(user, forum),
        can_moderate=permissions.can_moderate(user, forum),
        can_import_chat=permissions.can_import_chat(user, forum),
        statement=statement, statements=statements.for_forum(db, forum["id"]),
        can_write_statements=permissions.can_write_record(user, forum), action_form=ActionForm()), status
