"""The attendee's phone: enter a code, join with consent, give input per service × aspect.

Everything works as plain form posts with JavaScript off; attendee.js adds live updates.
"""
import secrets

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ..errors import DomainError
from ..forums import agreement, forums
from ..inputs import comments, supports
from ..people import participants
from ..record import responses
from ..store.db import get_db
from . import assets, devices
from .common import (
    flash_errors,
    flash_hidden_errors,
    forum_or_404,
    pick_id,
    remember_participant,
    session_participant,
    show_error,
)
from .forms.common import ActionForm, AgreementForm, CodeForm, CommentForm, JoinForm
from .limits import RateLimitExceeded, agreement_limit, input_limit, join_limit, refusal_headers, support_limit

bp = Blueprint("attendee", __name__)
# The input page carries the attendee's own token: no proxy or shared cache may keep it.
NO_STORE = {"Cache-Control": "no-store"}
# The shown inputs a phone lists, newest (or most supported) first: a forum's hundreds would
# make a page tens of thousands of pixels long on a phone with little memory. The public
# results page has them all once published.
SHOWN_ON_PHONE = 20


@bp.route("/", methods=["GET", "POST"])
@bp.route("/j", methods=["GET", "POST"])
def enter_code():
    """Type the code shown on the screen when the QR code cannot be scanned."""
    form = CodeForm()
    if form.validate_on_submit():
        forum = forums.get_by_code(get_db(), form.code.data)
        if forum:
            return redirect(url_for(".join", code=forum["code"]))
        form.code.errors.append(_("No forum has this code. Check the code on the screen."))
    return render_template("attendee/code.html", form=form), 200 if not form.errors else 400


@bp.route("/j/sw.js")
def service_worker():
    """The service worker that lets the input page open offline (fkp/static/js/sw.js); served
    under /j/ because a worker only controls pages below its own path."""
    # Unhashed, so served with no-cache: a new release reaches phones at once.
    return assets.serve("js/sw.js")


@bp.route("/j/<code>", methods=["GET", "POST"])
@join_limit
def join(code):
    """What the QR code opens: who you are, which group you represent, and consent."""
    forum = forum_or_404(code)
    participant, token = session_participant(forum)
    if participant and request.method == "GET":
        return redirect(url_for(".give_input", code=forum["code"]))
    form = JoinForm()
    if form.validate_on_submit():
        if participant is None:  # this browser's session lost it: the device may still know
            participant = participants.by_device(get_db(), forum["id"], devices.current())
            token = participant and participants.renew_token(get_db(), participant["id"])
        if participant:
            remember_participant(forum, participant, token)
            flash(_("You had already joined this forum from this phone as %(name)s, so you were not "
                    "added again. Ask the organiser if your name needs correcting.",
                    name=participant["name"]), "info")
            return redirect(url_for(".give_input", code=forum["code"]))
        try:
            participant, token = participants.join(
                get_db(), forum, name=form.name.data, institution=form.institution.data,
                position=form.position.data, group=form.group.data, contact=form.contact.data,
                consent=form.consent.data, channel=form.channel(forum),
                public_name=form.public_name.data, device=devices.ensure())
        except DomainError as e:
            flash(e.message, "error")
        else:
            remember_participant(forum, participant, token)
            return redirect(url_for(".give_input", code=forum["code"]))
    return _join_page(forum, form, 400 if request.method == "POST" else 200)


def _join_page(forum, form, status):
    return render_template("attendee/join.html", forum=forum, form=form), status


@bp.route("/j/<code>/input", methods=["GET", "POST"])
@input_limit
def give_input(code):
    """Give input on one service × aspect; the forum's focus preselects both."""
    db = get_db()
    forum = forum_or_404(code)
    participant, token = session_participant(forum)
    if participant is None:
        return redirect(url_for(".join", code=forum["code"]))
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    form = CommentForm()
    form.set_choices(services, aspects)
    status = 200
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            try:
                _c, created = comments.submit(
                    db, forum, participant, service_id=form.service_id.data,
                    aspect_id=form.aspect_id.data, kind=form.kind.data, text=form.text.data,
                    client_id=form.client_id.data)
            except DomainError as e:
                show_error(form, e)
            else:
                # Sent, not accepted: "accepted" is a decision staff make after the forum.
                flash(_("Sent, waiting for the moderator."), "success")
                return redirect(url_for(".give_input", code=forum["code"],
                                        service_id=form.service_id.data, aspect_id=form.aspect_id.data))
        else:
            flash_hidden_errors(form)
    else:
        form.service_id.data = pick_id(request.args.get("service_id"), services, forum["focus_service_id"])
        form.aspect_id.data = pick_id(request.args.get("aspect_id"), aspects, forum["focus_aspect_id"])
    return _input_page(forum, participant, token, form, status)


def _input_page(forum, participant, token, form, status, headers=None):
    """The input page; `form` keeps what was sent when it is shown again."""
    db = get_db()
    services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
    form.set_choices(services, aspects)
    form.client_id.data = secrets.token_hex(12)  # a fresh id per rendered form: a re-post stays one input
    forum = forums.get(db, forum["id"])
    # Once the results are public, each of the attendee's own inputs shows what was decided.
    answers = responses.for_giver(db, forum["id"], participant["id"]) if forum["status"] == "published" else {}
    question = agreement.current(db, forum)
    return render_template(
        "attendee/input.html", forum=forum, form=form, token=token, participant=participant,
        services=services, aspects=aspects, drafts=forums.drafts(db, forum["id"]),
        mine=comments.for_participant(db, participant["id"]), answers=answers,
        max_chars=comments.MAX_CHARS,
        shown=comments.approved(db, forum["id"], sort=forum["display_sort"], limit=SHOWN_ON_PHONE),
        shown_most=SHOWN_ON_PHONE,
        supported=supports.supported_by(db, participant["id"]), support_form=ActionForm(),
        question=question, my_answer=question and agreement.answer_of(db, question["id"], participant["id"]),
        agreement_form=AgreementForm(formdata=None), agreement_answers=agreement.ANSWERS), status, \
        {**NO_STORE, **(headers or {})}


@bp.route("/j/<code>/support/<int:comment_id>", methods=["POST"])
@support_limit
def support(code, comment_id):
    """Back another attendee's shown input (the no-JavaScript way; attendee.js uses the API)."""
    forum = forum_or_404(code)
    participant, _token = session_participant(forum)
    if participant is None:
        return redirect(url_for(".join", code=forum["code"]))
    if ActionForm().validate_on_submit():
        try:
            supports.support(get_db(), forum, participant, comment_id)
        except DomainError as e:
            flash(e.message, "error")
    return redirect(url_for(".give_input", code=forum["code"]) + "#shown-title")


@bp.route("/j/<code>/agreement/<int:question_id>", methods=["POST"])
@agreement_limit
def answer_agreement(code, question_id):
    """Answer "Setuju dengan rancangan ini?" (the no-JavaScript way; attendee.js uses the API)."""
    forum = forum_or_404(code)
    participant, _token = session_participant(forum)
    if participant is None:
        return redirect(url_for(".join", code=forum["code"]))
    form = AgreementForm()
    if form.validate_on_submit():
        try:
            agreement.answer(get_db(), forum, participant, question_id, form.answer.data)
        except DomainError as e:
            flash(e.message, "error")
        else:
            flash(_("Your answer was sent."), "success")
    else:
        flash_errors(form)
    return redirect(url_for(".give_input", code=forum["code"]) + "#agreement")


@bp.errorhandler(RateLimitExceeded)
def too_many(e):
    """Show the page the attendee was on again, with what they wrote and why it waits."""
    forum = forum_or_404(request.view_args["code"])
    flash(e.description, "error")
    if request.endpoint == "attendee.join":
        return _join_page(forum, JoinForm(), 429) + (refusal_headers(e),)
    participant, token = session_participant(forum)
    if participant is None:
        return redirect(url_for(".join", code=forum["code"]))
    form = CommentForm() if request.endpoint == "attendee.give_input" else CommentForm(formdata=None)
    return _input_page(forum, participant, token, form, 429, refusal_headers(e))
