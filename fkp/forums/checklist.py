"""What is still open in a forum's record, counted in one place: the checklist a guarded
lifecycle step shows before staff confirm it, and the staff's progress ("next steps") on the
forum page after the forum.

Which inputs belong to the record, and which of them are open, is lifecycle.record_counts
(the rule minutes.in_record states for the documents). The groups present are the public
groups with attendees, those the Berita Acara gives a signature block (minutes.assemble).
"""
from ..people import participants, users
from ..record import responses
from ..vocabulary import PUBLIC_GROUPS
from . import agreement, forums, lifecycle

# The forward path, for "what comes next" (pausing and the two undo steps are detours).
NEXT_STEP = {"draft": "open", "open": "close", "paused": "close", "closed": "finalise",
             "finalised": "publish"}


def progress(db, forum):
    """The record's numbers: its inputs, how many were moderated and decided, the services
    without a conclusion, the groups present without a chosen signatory, the Berita Acara's
    number, the attendees without a group."""
    record = lifecycle.record_counts(db, forum["id"])
    services = forums.services(db, forum["id"])
    written = responses.conclusions(db, forum["id"])
    counts = participants.group_counts(db, forum["id"])
    present = [code for code in PUBLIC_GROUPS if counts[code]]
    chosen = responses.signatories(db, forum["id"])
    return {
        **record,
        "services": len(services),
        "without_conclusion": [s["name"] for s in services if not (written.get(s["id"]) or "").strip()],
        "groups_present": len(present),
        "without_signatory": [code for code in present if code not in chosen],
        "number": forum["number"] or "",
        "without_group": participants.without_group(db, forum["id"]),
        # Who signs for the unit: the head (name and position) and a note-taker whose full
        # name is known (documents never print a login name).
        "head": bool((forum["head_name"] or "").strip() and (forum["head_position"] or "").strip()),
        "notetaker": users.notetaker(db, forum["id"]) is not None,
        # A question to the hall still open: its result reaches the Berita Acara once closed.
        "agreement_open": agreement.open_question(db, forum["id"]) is not None,
    }


def _item(key, open_count, of=None, warn=False, **more):
    """One line of the checklist: `open` of `of` still to do (of None: a count, no total);
    state "done", "open" or "warn" (open, but a warning rather than work left)."""
    state = "done" if not open_count else ("warn" if warn else "open")
    return {"key": key, "open": open_count, "of": of, "done": None if of is None else of - open_count,
            "state": state, **more}


def checklist(db, forum, action=None):
    """What is still open before `action` (close, finalise, publish; None: the progress after
    the forum), as [{key, open, of, done, state, …}] in the order staff work through them.

    Before finalising, inputs never moderated or undecided need the staff's explicit
    acceptance (lifecycle.transition); before publishing, inputs never moderated are shown
    on the public page (the record is every input but the hidden), so they are a warning."""
    p = progress(db, forum)
    return [
        _item("public_pending", p["pending"], p["inputs"], warn=True) if action == "publish"
        else _item("pending", p["pending"], p["inputs"], blocks=action == "finalise"),
        _item("undecided", p["undecided"], p["inputs"], blocks=action == "finalise"),
        _item("conclusions", len(p["without_conclusion"]), p["services"], missing=p["without_conclusion"]),
        _item("signatories", len(p["without_signatory"]), p["groups_present"], missing=p["without_signatory"]),
        _item("number", 0 if p["number"] else 1, value=p["number"]),
        _item("head", 0 if p["head"] else 1),
        _item("notetaker", 0 if p["notetaker"] else 1),
        _item("no_group", p["without_group"]),
        # Only while one is open: most forums never have this line.
        *([_item("agreement_open", 1, warn=True)] if p["agreement_open"] else []),
    ]


def next_step(forum):
    """The next lifecycle step on the forward path, or None once published."""
    return NEXT_STEP.get(forum["status"])
