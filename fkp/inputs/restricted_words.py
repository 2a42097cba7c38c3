"""The restricted words staff add to the project's list (fkp/inputs/flags.py matches them).

A word added applies to input stored from then on; input already stored keeps the flag it was
given (the moderator reads every pending input anyway). A word added by mistake (a typo that
marks half the hall, a word with an everyday meaning) can be removed; the project's own list
cannot, it is part of the code."""
from flask_babel import gettext as _

from .. import audit
from ..errors import DomainError
from ..language.text import clean
from ..language.timezones import utc_now
from . import flags


def staff_words(db):
    """The words staff added, as written."""
    return [r[0] for r in db.execute("SELECT word FROM restricted_words ORDER BY id")]


def listed(db):
    """Every word staff added, newest first, with who added it."""
    return list(db.query(
        "SELECT r.id, r.word, r.added_utc, u.username AS added_by_name FROM restricted_words r "
        "LEFT JOIN users u ON u.id = r.added_by ORDER BY r.id DESC"))


def add(db, word, user_id):
    """Add one word or phrase (audited); a DomainError when it is empty, too long or listed."""
    word = clean(word)
    key = flags.normalised(word)
    if not key:
        raise DomainError(_("Write a word or phrase with letters."), "word")
    if len(word) > flags.MAX_WORD:
        raise DomainError(_("A restricted word is at most %(max)s characters.", max=flags.MAX_WORD),
                          "word")
    if key in {flags.normalised(w) for w in flags.BUILT_IN} or db.execute(
            "SELECT 1 FROM restricted_words WHERE normalised = ?", [key]).fetchone():
        raise DomainError(_("“%(word)s” is already on the list.", word=word), "word")
    with db.atomic():
        db["restricted_words"].insert(dict(word=word, normalised=key, added_utc=utc_now(),
                                           added_by=user_id))
        audit.record(db, user_id=user_id, forum_id=None, action="restricted_word.add",
                     subject=word, after={"word": word})
    return word


def remove(db, word_id, user_id):
    """Remove one word staff added (audited); answers the word, or a DomainError when there is
    no such word. Input already marked keeps its mark, as a word added marks new input only."""
    row = db.execute("SELECT word FROM restricted_words WHERE id = ?", [word_id]).fetchone()
    if row is None:
        raise DomainError(_("This word is not on the staff's list."), "id", status=404)
    with db.atomic():
        db.execute("DELETE FROM restricted_words WHERE id = ?", [word_id])
        audit.record(db, user_id=user_id, forum_id=None, action="restricted_word.remove",
                     subject=row[0], before={"word": row[0]})
    return row[0]
