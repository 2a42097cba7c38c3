"""Restricted words: which words of an input a moderator should look at before it is shown.

Pure: no storage. The project's list is fkp/language/kata_terlarang_id.txt; staff add words
of their own (fkp/inputs/restricted_words.py keeps them) and pass them in. A match is a hint
for a person, never a verdict: a flagged input waits for a moderator, who may still approve it.

Both the text and every entry are normalised alike: lowercase, the common letter
substitutions (4→a, 1→i, 0→o, 3→e, @→a, 5→s, 7→t, $→s), a letter repeated in a row counted
once ("anjiiing" is "anjing", and "maaf" is "maf" on both sides), then cut into words at
anything that is not a letter. An entry matches whole words only ("kontribusi" never matches
"kontol"), and a phrase matches the same words in a row.
"""
import re
import unicodedata
from pathlib import Path

LIST_FILE = Path(__file__).resolve().parents[1] / "language" / "kata_terlarang_id.txt"
MAX_WORD = 60  # what staff may add: a word or a short phrase

_SUBSTITUTIONS = str.maketrans({"4": "a", "@": "a", "1": "i", "0": "o", "3": "e",
                                "5": "s", "$": "s", "7": "t"})
_REPEATS = re.compile(r"([a-z])\1+")
_WORD = re.compile(r"[a-z]+")


def words(text):
    """The normalised words of a text, in order."""
    text = (text or "").lower().translate(_SUBSTITUTIONS)
    if not text.isascii():  # "anjíng", full-width letters: their plain letters
        text = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _WORD.findall(_REPEATS.sub(r"\1", text))


def normalised(entry):
    """An entry as it is matched: its words joined by one space ('' when it has none)."""
    return " ".join(words(entry))


def read_list(path=LIST_FILE):
    """The entries of a list file: one a line, '#' starts a comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [e for line in lines if (e := line.split("#", 1)[0].strip())]


BUILT_IN = tuple(read_list())


class Matcher:
    """Finds the entries of a list in a text; built once per list (the built-in one is kept)."""

    def __init__(self, entries):
        self.single, self.phrases = {}, {}
        for entry in entries:
            key = normalised(entry)
            if not key:
                continue
            target = self.phrases if " " in key else self.single
            target.setdefault(key, entry.strip())

    def find(self, text):
        """The entries found in `text`, each once, in the order they first appear."""
        tokens = words(text)
        found = {}
        for token in tokens:
            if token in self.single:
                found.setdefault(self.single[token], tokens.index(token))
        if self.phrases:
            joined = f" {' '.join(tokens)} "
            for key, entry in self.phrases.items():
                at = joined.find(f" {key} ")
                if at >= 0:
                    found.setdefault(entry, joined.count(" ", 0, at))
        return sorted(found, key=found.get)


_BUILT_IN = Matcher(BUILT_IN)


def matched(text, extra=()):
    """The restricted words and phrases in `text`: the project's list and the staff's `extra`
    words. An empty list means nothing to flag."""
    found = _BUILT_IN.find(text)
    if extra:
        found += [w for w in Matcher(extra).find(text) if w not in found]
    return found
