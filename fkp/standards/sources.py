"""The inputs a final text can cite: the forum's record inputs on one service (all but the
hidden and merged duplicates, as the responses page lists them), each with the component its
aspect is, and the decision and response staff gave it.

A text is linked to inputs of its own service only: a change to "Persyaratan — Layanan A" is
explained by what was said about Layanan A. Input without a service (an imported chat not yet
assigned) cannot be cited until a moderator gives it one.
"""
from flask_babel import gettext as _

from ..errors import DomainError

_SQL = """
SELECT c.id, c.service_id, c.aspect_id, c.kind, c.text, a.component, a.label AS aspect_label,
       r.decision, r.response, r.reason, r.action
FROM comments c
LEFT JOIN aspects a ON a.id = c.aspect_id
LEFT JOIN responses r ON r.comment_id = c.id
WHERE c.forum_id = ? AND c.service_id = ? AND c.status != 'hidden' AND c.merged_into_id IS NULL
ORDER BY a.position, c.id
"""
MAX_LINKS = 500  # more than any text cites; beyond it the post is forged


def of_service(db, forum_id, service_id):
    """The record inputs on one service, in the order of its aspects, with their decisions."""
    return list(db.query(_SQL, [forum_id, service_id]))


def checked(db, forum_id, service_id, input_ids):
    """The ids as a text may cite them (each once, in the order given), or a DomainError
    naming the first that is not a record input of this forum and service."""
    ids = list(dict.fromkeys(input_ids or ()))
    if len(ids) > MAX_LINKS:
        raise DomainError(_("Choose at most %(n)d inputs.", n=MAX_LINKS), "inputs")
    allowed = {row["id"] for row in of_service(db, forum_id, service_id)}
    for comment_id in ids:
        if comment_id not in allowed:
            raise DomainError(_("Input #%(id)s is not an input on this service in the forum's record.",
                                id=comment_id), "inputs")
    return ids
