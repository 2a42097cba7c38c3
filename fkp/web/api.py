"""JSON API v1 for phones and other clients; described in openapi.json beside this file.

Attendees authenticate with the bearer token they get when joining, so the API is
exempt from CSRF (no ambient credential). Every refusal is `{error: message}` with a
4xx status in the user's language; nothing here answers 5xx for bad input.
"""
import json
from functools import partial
from pathlib import Path

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from ..errors import DomainError
from ..extensions import csrf
from ..forums import agreement, forums
from ..inputs import comments, resync, supports
from ..people import participants
from ..store.db import get_db
from .common import bearer_token, forum_or_404, participant_by_token, since_param
from .forms.common import AgreementForm, CommentForm, JoinForm, first_error, json_form
from .limits import RateLimitExceeded, agreement_limit, input_limit, join_limit, refusal_headers, support_limit

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
SPEC = json.loads((Path(__file__).parent / "openapi.json").read_text())


def _error(message, status):
    return jsonify(error=str(message)), status


def _json_body():
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # JSON nested deeper than Python parses: not an object either
        body = None
    return json_object(body)


def json_object(body):
    """body, when it is a JSON object (a request's, or an input sent over the phone's socket)."""
    if not isinstance(body, dict):
        raise DomainError(_("The request body must be a JSON object."))
    return body


@bp.errorhandler(DomainError)
def domain_error(e):
    return _error(e.message, e.status)


@bp.errorhandler(RateLimitExceeded)
def too_many(e):
    """429 with the wait in Retry-After, so a client can send the same request again then."""
    return (*_error(e.description, 429), refusal_headers(e))


@bp.route("/openapi.json")
def openapi():
    """This API's OpenAPI 3 description."""
    return jsonify(SPEC)


@bp.route("/forums/<code>")
def forum_detail(code):
    """A forum's status, services, aspects and current focus."""
    return jsonify(forums.summary(get_db(), forum_or_404(code)))


@bp.route("/forums/<code>/participants", methods=["POST"])
@join_limit
def join(code):
    """Join a forum with consent; the token authorises this participant's inputs."""
    forum = forum_or_404(code)
    with json_form(JoinForm, _json_body()) as form:
        if not form.validate():
            return _error(first_error(form), 400)
        fields = dict(name=form.name.data, institution=form.institution.data, position=form.position.data,
                      group=form.group.data, contact=form.contact.data, consent=form.consent.data,
                      channel=form.channel(forum), public_name=form.public_name.data)
    participant, token = participants.join(get_db(), forum, **fields)
    return jsonify(participant_id=participant["id"], token=token), 201


@bp.route("/forums/<code>/changes")
def changes(code):
    """What a display or phone missed after sequence number `since`: approved input as the
    display shows it and the forum's state; with an attendee's token also their own inputs."""
    forum = forum_or_404(code)
    since = since_param()
    token = bearer_token()
    participant = participants.by_token(get_db(), forum["id"], token) if token else None
    if token and participant is None:
        raise participants.not_joined()
    return jsonify(resync.changes(get_db(), forum["id"], since, "public", participant))


def _participant(forum):
    participant = participant_by_token(forum, bearer_token())
    if participant is None:
        raise participants.not_joined()
    return participant


@bp.route("/forums/<code>/comments/<int:comment_id>/supports", methods=["POST"])
@support_limit
def support_comment(code, comment_id):
    """Support ("setuju") another attendee's shown input; once each, repeats are harmless."""
    forum = forum_or_404(code)
    comment, added = supports.support(get_db(), forum, _participant(forum), comment_id)
    return jsonify(comment_id=comment["id"], support_count=comment["support_count"]), 201 if added else 200


@bp.route("/forums/<code>/agreement/<int:question_id>/answers", methods=["POST"])
@agreement_limit
def answer_agreement(code, question_id):
    """Answer the hall's question "Setuju dengan rancangan ini?"; a later answer replaces it."""
    forum = forum_or_404(code)
    participant = _participant(forum)
    with json_form(AgreementForm, _json_body()) as form:
        if not form.validate():
            return _error(first_error(form), 400)
        answer = form.answer.data
    question = agreement.answer(get_db(), forum, participant, question_id, answer)
    return jsonify(question_id=question["id"], answer=answer, counts=question["counts"])


@bp.route("/forums/<code>/comments", methods=["POST"])
@input_limit
def submit_comment(code):
    """Submit one input; repeating a client_id returns the first record with 200."""
    forum = forum_or_404(code)
    participant = _participant(forum)
    answer, status = store_input(_json_body(), partial(comments.submit, get_db(), forum, participant))
    return jsonify(answer), status


def store_input(body, submit):
    """Validate one input sent as a JSON object, by this route or over the phone's socket
    (live.py), and store it with submit(**fields) (comments.submit or submit_by_token): (the
    answer, 201, or 200 for a client_id sent before). A refusal is a DomainError, in the
    user's language."""
    with json_form(CommentForm, body) as form:
        if not form.validate():
            raise DomainError(first_error(form))
        fields = dict(service_id=form.service_id.data, aspect_id=form.aspect_id.data, kind=form.kind.data,
                      text=form.text.data, client_id=form.client_id.data)
    comment, created = submit(**fields)
    return (dict(id=comment["id"], status=comment["status"], seq=comment["seq"], client_id=comment["client_id"],
                 receipt=comment["receipt"]), 201 if created else 200)
