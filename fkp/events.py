"""Domain events: past-tense facts published only after the write that raised them commits.

Domain functions call publish(); live.py subscribes and routes events to Socket.IO rooms.
Every name here is documented, with its payload, in docs/events.md.
"""
from dataclasses import dataclass, field

COMMENT_SUBMITTED = "comment_submitted"
COMMENT_APPROVED = "comment_approved"
COMMENT_HIDDEN = "comment_hidden"
COMMENT_PINNED = "comment_pinned"
COMMENT_UNPINNED = "comment_unpinned"
FOCUS_CHANGED = "focus_changed"
PARTICIPANT_JOINED = "participant_joined"
FORUM_STATUS_CHANGED = "forum_status_changed"
DISPLAY_CHANGED = "display_changed"
COMMENT_EDITED = "comment_edited"
COMMENT_ANSWERED = "comment_answered"
COMMENT_UNANSWERED = "comment_unanswered"
COMMENT_MERGED = "comment_merged"
COMMENT_SUPPORTED = "comment_supported"
PARTICIPANT_BANNED = "participant_banned"
PARTICIPANT_UNBANNED = "participant_unbanned"


@dataclass(frozen=True)
class Event:
    name: str
    forum_id: int
    seq: int
    data: dict = field(default_factory=dict)
    participant_id: int | None = None  # whose own view should also hear it


_subscribers = []


def subscribe(fn):
    """Register fn(event) to be called for every published event."""
    if fn not in _subscribers:
        _subscribers.append(fn)
    return fn


def publish(event):
    """Hand a committed fact to every subscriber."""
    for fn in list(_subscribers):
        fn(event)
