"""The projector's word cloud: the words attendees used most on the service × aspect under
discussion (without a focus, in the whole forum), from approved input only.

`count` is pure (texts in, words out); `cloud` reads the forum's approved inputs and the staff's
restricted words, and is what the display page and its live updates ask for.

How a word is counted:
- lower case; letters with accents as their plain letters; short chat forms written out and
  stop words dropped through the project's lists (fkp/language/wordlists.py), which keep
  negations and hedges (tidak, belum, kurang, jangan, perlu, harus, mohon): they carry meaning;
- numbers alone, words of one or two letters or of more than 30, and anything with '@' or '$'
  (an address, a disguised word) are dropped;
- a restricted word (fkp/inputs/flags.py: the project's list and the staff's) is never shown,
  even in an input a person approved: the projector faces the whole hall. A word is matched as
  the flags match it ("4nj1ng" is "anjing"); the words of a restricted phrase found in an input
  are dropped from that input;
- each word counts once per input, so one long input cannot fill the cloud.

Measured at 10,000 approved inputs of ~25 words (one core of the project's shared machine):
`count` takes 0.16 s, `cloud` 0.25 s with its query; the display asks for it only when what it
shows changed, and at most once every few seconds (display.js).
"""
import re
import unicodedata
from collections import Counter

from ..language.wordlists import STOP_WORDS, written_out
from . import flags, restricted_words

LIMIT = 40  # words on the projector: more would be too small to read from the back of a hall
MIN_LETTERS = 3
MAX_LETTERS = 30  # longer than any Indonesian word: keyboard mash, words run together; would not fit a line

_TOKEN = re.compile(r"[a-z0-9@$]+")  # '@' and '$' kept, so "@njing" is read as the flags read it


def _tokens(text):
    text = (text or "").lower()
    if not text.isascii():  # "layanán", full-width letters: their plain letters
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _TOKEN.findall(text)


class _Words:
    """The cloud words of one input at a time, with what is decided per token remembered."""

    def __init__(self, restricted):
        self.matcher = flags.Matcher(restricted)
        self.phrase_words = {w for phrase in self.matcher.phrases for w in phrase.split()}
        self.verdict = {}  # token -> (its words that may be shown, may it be part of a phrase)

    def _judge(self, token):
        normalised = flags.words(token)
        kept = []
        if not token.isdigit() and "@" not in token and "$" not in token \
                and not any(w in self.matcher.single for w in normalised):
            for word in written_out(token):
                if MIN_LETTERS <= len(word) <= MAX_LETTERS and not word.isdigit() and word not in STOP_WORDS \
                        and not any(w in self.matcher.single for w in flags.words(word)):
                    kept.append(word)
        self.verdict[token] = judged = (tuple(kept), any(w in self.phrase_words for w in normalised))
        return judged

    def of(self, text):
        """The distinct words of one input that may be shown."""
        found, maybe_phrase = set(), False
        for token in _tokens(text):
            kept, in_phrase = self.verdict.get(token) or self._judge(token)
            found.update(kept)
            maybe_phrase = maybe_phrase or in_phrase
        if found and maybe_phrase:  # read as the flags read it: is a whole phrase there?
            joined = f" {' '.join(flags.words(text))} "
            for phrase in self.matcher.phrases:
                if f" {phrase} " in joined:
                    parts = set(phrase.split())
                    found = {w for w in found if not parts & set(flags.words(w))}
        return found


def count(texts, restricted=flags.BUILT_IN, limit=LIMIT):
    """The `limit` words found in most of `texts`, most first (ties in alphabetical order):
    [{word, count, weight}], count = in how many texts, weight = count / the top count."""
    words = _Words(restricted)
    counts = Counter()
    for text in texts:
        counts.update(words.of(text))
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]
    most = top[0][1] if top else 1
    return [{"word": w, "count": n, "weight": round(n / most, 3)} for w, n in top]


def cloud(db, forum, limit=LIMIT):
    """The forum's word cloud: {focused, service_id, aspect_id, inputs, words}. On the focused
    service × aspect's approved inputs; without a focus (focused False) on all of them."""
    service_id, aspect_id = forum["focus_service_id"], forum["focus_aspect_id"]
    focused = service_id is not None and aspect_id is not None
    sql, params = "SELECT text FROM comments WHERE forum_id = ? AND status = 'approved'", [forum["id"]]
    if focused:
        sql, params = sql + " AND service_id = ? AND aspect_id = ?", params + [service_id, aspect_id]
    texts = [row[0] for row in db.execute(sql, params)]
    restricted = list(flags.BUILT_IN) + restricted_words.staff_words(db)
    return {"focused": focused, "service_id": service_id if focused else None,
            "aspect_id": aspect_id if focused else None, "inputs": len(texts),
            "words": count(texts, restricted, limit)}
