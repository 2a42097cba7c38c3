"""Agreement on a draft, measured: the moderator asks the hall "Setuju dengan rancangan ini?"
about the service × aspect in focus, and each attendee answers once (setuju / setuju dengan
perubahan / tidak setuju), changing their answer while the question is open.

Why a count and not only inputs: an FKP drafts a service standard with the public, and a
Berita Acara that says how many in the hall agreed with each component's draft is evidence
that the draft was put to them. Only counts ever leave this module's events: who answered
what is in the database for the record's own checks, never on a screen.

One question is open per forum at a time (the moderator closes it, then asks the next). The
projector keeps the result of a closed question while the focus stays on its component.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit, events
from ..errors import DomainError
from ..language.timezones import utc_now
from . import lifecycle

AGREEMENT_OPENED = events.AGREEMENT_OPENED
AGREEMENT_ANSWERED = events.AGREEMENT_ANSWERED
AGREEMENT_CLOSED = events.AGREEMENT_CLOSED

# The answers, in the order they are offered and counted.
ANSWERS = {
    "agree": _l("Agree"),
    "agree_with_changes": _l("Agree with changes"),
    "disagree": _l("Disagree"),
}
# A question can be asked and answered only while attendees can send input.
OPEN_STATUSES = ("open",)

_QUESTION = (
    "SELECT q.id, q.forum_id, q.service_id, q.aspect_id, q.opened_utc, q.closed_utc, "
    "s.name AS service_name, a.label AS aspect_label, a.name AS aspect_name "
    "FROM agreement_questions q JOIN services s ON s.id = q.service_id "
    "JOIN aspects a ON a.id = q.aspect_id ")


def counts(db, question_id):
    """{answer: n} for every answer (zeros included) and `total`."""
    found = dict(db.execute("SELECT answer, COUNT(*) FROM agreement_answers WHERE question_id = ? "
                            "GROUP BY answer", [question_id]).fetchall())
    out = {answer: found.get(answer, 0) for answer in ANSWERS}
    return {**out, "total": sum(out.values())}


def _with_counts(db, row):
    if row is None:
        return None
    return {**row, "open": row["closed_utc"] is None, "counts": counts(db, row["id"])}


def get(db, question_id):
    """A question with its service's name, aspect's label and counts, or None."""
    rows = list(db.query(_QUESTION + "WHERE q.id = ?", [question_id]))
    return _with_counts(db, rows[0] if rows else None)


def open_question(db, forum_id):
    """The forum's open question with its counts, or None."""
    rows = list(db.query(_QUESTION + "WHERE q.forum_id = ? AND q.closed_utc IS NULL", [forum_id]))
    return _with_counts(db, rows[0] if rows else None)


def current(db, forum):
    """What the projector and phones show: the open question, or else the latest question
    while the focus is still on its service × aspect (its result stays until the focus moves
    on); None otherwise."""
    rows = list(db.query(_QUESTION + "WHERE q.forum_id = ? ORDER BY q.id DESC LIMIT 1", [forum["id"]]))
    latest = rows[0] if rows else None
    if latest is None:
        return None
    if latest["closed_utc"] is not None and (latest["service_id"], latest["aspect_id"]) != (
            forum["focus_service_id"], forum["focus_aspect_id"]):
        return None
    return _with_counts(db, latest)


def answer_of(db, question_id, participant_id):
    """This participant's answer to the question, or None."""
    row = db.execute("SELECT answer FROM agreement_answers WHERE question_id = ? AND participant_id = ?",
                     [question_id, participant_id]).fetchone()
    return row[0] if row else None


def _refuse_unless_open(forum):
    if forum["status"] not in OPEN_STATUSES:
        raise DomainError(_("The forum is not open: questions can be asked and answered only while it "
                            "is open."), status=409)


def open_for_focus(db, forum, user_id=None):
    """Ask the hall about the service × aspect in focus; returns the forum's new seq."""
    _refuse_unless_open(forum)
    service_id, aspect_id = forum["focus_service_id"], forum["focus_aspect_id"]
    if not (service_id and aspect_id):
        raise DomainError(_("Choose the service and aspect in focus first."), status=409)
    if open_question(db, forum["id"]):
        raise DomainError(_("A question is already open. Close it first."), status=409)
    with events.change(db, forum["id"]) as change:
        question_id = db["agreement_questions"].insert(dict(
            forum_id=forum["id"], service_id=service_id, aspect_id=aspect_id,
            opened_utc=utc_now(), opened_by=user_id)).last_pk
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="agreement.open",
                     subject=question_id, after={"service_id": service_id, "aspect_id": aspect_id})
        change.raise_event(AGREEMENT_OPENED, {"question": get(db, question_id)})
    return change.seq


def close(db, forum, user_id=None):
    """Close the open question; its counts are final. Returns the forum's new seq. Allowed
    after the forum closed for input (a question left open then), not once its record is final."""
    lifecycle.refuse_if_final(forum)
    question = open_question(db, forum["id"])
    if question is None:
        raise DomainError(_("No question is open."), status=409)
    with events.change(db, forum["id"]) as change:
        db.execute("UPDATE agreement_questions SET closed_utc = ?, closed_by = ? WHERE id = ?",
                   [utc_now(), user_id, question["id"]])
        closed = get(db, question["id"])
        audit.record(db, user_id=user_id, forum_id=forum["id"], action="agreement.close",
                     subject=question["id"], after=closed["counts"])
        change.raise_event(AGREEMENT_CLOSED, {"question": closed})
    return change.seq


def answer(db, forum, participant, question_id, value):
    """Record (or change) this participant's answer to the open question; returns the question
    with its counts. Refused when the question is closed or not this forum's, when the forum
    is not open, and for a participant the moderator has stopped."""
    if value not in ANSWERS:
        raise DomainError(_("Choose one of the answers."), "answer")
    question = get(db, question_id)
    if question is None or question["forum_id"] != forum["id"]:
        raise DomainError(_("This question was not found in the forum."), "question_id", status=404)
    if not question["open"]:
        raise DomainError(_("This question is closed."), "question_id", status=409)
    _refuse_unless_open(forum)
    if participant.get("banned_utc"):  # said in the same words as for input (comments.submit)
        raise DomainError(_("The moderator has stopped input from you in this forum."), status=403)
    if answer_of(db, question_id, participant["id"]) == value:
        return question  # the same answer again (a double tap): nothing changed
    with events.change(db, forum["id"]) as change:
        db.execute("INSERT INTO agreement_answers (question_id, participant_id, answer, answered_utc) "
                   "VALUES (?, ?, ?, ?) ON CONFLICT (question_id, participant_id) DO UPDATE SET "
                   "answer = excluded.answer, answered_utc = excluded.answered_utc",
                   [question_id, participant["id"], value, utc_now()])
        question = get(db, question_id)
        change.raise_event(AGREEMENT_ANSWERED, {"question": question})
    return question


def results(db, forum_id):
    """Every closed question of the forum, oldest first, with its counts (the Berita Acara)."""
    rows = db.query(_QUESTION + "WHERE q.forum_id = ? AND q.closed_utc IS NOT NULL ORDER BY q.id",
                    [forum_id])
    return [_with_counts(db, row) for row in rows]


def latest_results(db, forum_id):
    """For documents: {(service_id, aspect_id): the latest closed question with its counts}."""
    out = {}
    for question in results(db, forum_id):
        out[(question["service_id"], question["aspect_id"])] = question
    return out


def move(db, from_id, to_id):
    """Part of merging participant from_id into to_id (fkp/people/duplicates.py): from_id's
    answers become to_id's where to_id did not answer that question; the rest go."""
    db.execute("UPDATE OR IGNORE agreement_answers SET participant_id = ? WHERE participant_id = ?",
               [to_id, from_id])
    db.execute("DELETE FROM agreement_answers WHERE participant_id = ?", [from_id])
