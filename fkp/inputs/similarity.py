"""Grouping inputs that say the same thing, per service × aspect, as they arrive.

In a hall of 300 forty people write "10 hari kerja terlalu lama" in forty ways. This module
puts such inputs in one group, so a moderator can merge it and staff can answer it once. It
is pure domain: it reads no request and writes nothing; the caller keeps a `Grouper` per
forum and feeds it each input (`add`) or a whole forum at once (`build`).

The method (measured on tests/data/similar_inputs.json; numbers and failures in
docs/grouping.md):

1. An input is reduced to its content words (`terms`): lower case, short chat forms written
   out (fkp/language/singkatan_id.txt: "yg", "tdk", "gak" …), stop words dropped
   (fkp/language/stopwords_id.txt, our own list: it keeps negations and hedges such as
   tidak, belum, kurang, jangan, perlu, harus, mohon), every word stemmed with Sastrawi
   (PySastrawi) — memoised per word, since Sastrawi takes up to milliseconds for one.
2. Its polarity is whether it holds a negation (tidak, belum, kurang, jangan, bukan, tanpa).
   Inputs of different polarity are never grouped: "Persyaratan sudah cukup" and
   "Persyaratan belum cukup" share every other word, and mean the opposite.
3. Two inputs are compared with RapidFuzz's `token_set_ratio` on their sorted terms (0–100):
   word order does not matter, and a typo still scores most of a word.
4. A new input joins the group of its most similar earlier input (single linkage) when that
   score reaches `THRESHOLD` and the polarity matches, else it starts a group. Ties go to
   the earlier group. So the same inputs in the same order give the same groups, and
   `build` is `add` over the inputs in order.

A group's representative is its medoid: the member with the highest mean score against the
other members, the earliest on a tie (and the first member while a group has one or two).
Singletons are groups of one, and are listed: a group is "the inputs that say this".
"""
import re
from functools import lru_cache

from rapidfuzz import fuzz, process
from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

from ..language.wordlists import STOP_WORDS, written_out

THRESHOLD = 65  # docs/grouping.md: the best F1 of the thresholds measured
NEGATIONS = frozenset({"tidak", "belum", "kurang", "jangan", "bukan", "tanpa"})
SCORER = fuzz.token_set_ratio

_WORD = re.compile(r"[a-z0-9]+")
# The plain stemmer: the factory's own wraps it in a cache that never forgets a word, and
# attendees can type any number of them; ours (`stem`) keeps the 50,000 last used.
_STEMMER = Stemmer(ArrayDictionary(StemmerFactory().get_words()))


@lru_cache(maxsize=50_000)
def stem(word):
    """Sastrawi's stem of one word, remembered."""
    return _STEMMER.stem(word) or word


def terms(text):
    """(the content words' stems in order, whether the text holds a negation)."""
    words = []
    for raw in _WORD.findall(text.lower()):
        words.extend(written_out(raw))
    # A negation is kept as written, never through the stemmer.
    kept = [w if w in NEGATIONS else stem(w) for w in words if w not in STOP_WORDS]
    kept = [w for w in kept if w and w not in STOP_WORDS]
    return kept, any(w in NEGATIONS for w in kept)


def key(text):
    """The string two inputs are compared on, and the polarity."""
    kept, negated = terms(text)
    return " ".join(sorted(set(kept))), negated


class Grouper:
    """The groups of one forum's inputs, per (service_id, aspect_id).

    `add(input_id, service_id, aspect_id, text)` places one input and answers its group's
    id; `groups(service_id, aspect_id)` lists a cell's groups; `build(inputs)` adds many.
    Group ids are 1, 2, 3 … in the order groups start, across the whole forum.
    """

    def __init__(self, threshold=THRESHOLD):
        self.threshold = threshold
        self._cells = {}  # (service, aspect, negated) → ([key], [group id]) of each input
        self._members = {}  # group id → [(input id, text, key)]
        self._group_of = {}  # input id → group id
        self._cell_groups = {}  # (service, aspect) → [group id]
        self._medoids = {}  # group id → (its size then, its medoid's index): members only grow

    def add(self, input_id, service_id, aspect_id, text):
        """Place one input; answers its group's id (an input added twice keeps its group)."""
        if input_id in self._group_of:
            return self._group_of[input_id]
        compared, negated = key(text)
        keys, owners = self._cells.setdefault((service_id, aspect_id, negated), ([], []))
        group = None
        if keys and compared:
            best = process.extractOne(compared, keys, scorer=SCORER, score_cutoff=self.threshold)
            if best is not None:  # extractOne answers the first of equal best scores
                group = owners[best[2]]
        if group is None:
            group = len(self._members) + 1
            self._members[group] = []
            self._cell_groups.setdefault((service_id, aspect_id), []).append(group)
        keys.append(compared)
        owners.append(group)
        self._members[group].append((input_id, text, compared))
        self._group_of[input_id] = group
        return group

    def build(self, inputs):
        """Add every (input_id, service_id, aspect_id, text) in order; answers self."""
        for input_id, service_id, aspect_id, text in inputs:
            self.add(input_id, service_id, aspect_id, text)
        return self

    def group_of(self, input_id):
        return self._group_of.get(input_id)

    def groups(self, service_id, aspect_id):
        """The cell's groups, largest first (then oldest): id, size, representative, members."""
        found = [self.group(group) for group in self._cell_groups.get((service_id, aspect_id), [])]
        return sorted(found, key=lambda g: (-g["size"], g["id"]))

    def group(self, group):
        """One group: id, size, representative {input_id, text}, members (input ids in the order
        added); None for an id no group has."""
        members = self._members.get(group)
        if members is None:
            return None
        size, index = self._medoids.get(group, (0, 0))
        if size != len(members):  # asked again unchanged (every console load): not recomputed
            index = _medoid(members)
            self._medoids[group] = (len(members), index)
        input_id, text, _ = members[index]
        return {"id": group, "size": len(members), "representative": {"input_id": input_id, "text": text},
                "members": [m[0] for m in members]}

    def members(self, group):
        """The input ids of one group in the order added ([] for an id no group has)."""
        return [m[0] for m in self._members.get(group, [])]


def _medoid(members):
    """Index of the member with the highest total score against the others (first on a tie)."""
    if len(members) < 3:
        return 0
    keys = [m[2] for m in members]
    totals = [sum(SCORER(a, b) for b in keys) for a in keys]
    return totals.index(max(totals))
