"""The project's Indonesian word lists, read once: stop words (stopwords_id.txt) and the short
forms of chat and spoken Indonesian written out (singkatan_id.txt).

Both the grouping of similar inputs (fkp/inputs/similarity.py) and the projector's word cloud
(fkp/inputs/wordcloud.py) read words through them, so "gak perlu" is "tidak perlu" to both, and
a word added to a list changes both alike. The lists keep negations and hedges (tidak, belum,
kurang, jangan, perlu, harus, mohon …) on purpose: see the head of stopwords_id.txt.
"""
import re
from pathlib import Path

LANGUAGE = Path(__file__).resolve().parent


def lines(name):
    """The entries of a list file in fkp/language: one a line, '#' starts a comment."""
    text = (LANGUAGE / name).read_text(encoding="utf-8")
    return [entry for line in text.splitlines() if (entry := line.split("#", 1)[0].strip())]


STOP_WORDS = frozenset(lines("stopwords_id.txt"))
SHORT_FORMS = dict(line.split(None, 1) for line in lines("singkatan_id.txt"))

_REDUPLICATED = re.compile(r"^([a-z]{3,})2(nya)?$")  # "syarat2nya", "ramah2"


def written_out(word):
    """A lower-case word as its full form, one word or more: "syarat2nya" is "syarat", "gak"
    is "tidak", "ga usah" is two."""
    match = _REDUPLICATED.match(word)
    word = match.group(1) if match else word
    return SHORT_FORMS.get(word, word).split()
