"""The inputs part of the Berita Acara: per service, its approved inputs by component, each
with who gave it and the decision on it, then the service's decision summary and conclusion.

One paragraph per input with line breaks inside: a forum can have thousands of inputs and
each python-docx paragraph costs far more than a run.
"""
from ..indonesian import DECISION_LABELS
from ..minutes import UNDECIDED
from . import docx_layout as layout

# The summary lists decisions in one fixed order, whichever input came first.
_ORDER = {label: n for n, label in enumerate([*DECISION_LABELS.values(), UNDECIDED])}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def person(giver):
    """"Siti Aminah, Lombok Post (Media massa)"; chat-imported people have no unsur yet."""
    who = ", ".join(part for part in (giver["name"], giver["institution"]) if part)
    return f"{who} ({giver['group_label']})" if giver["group_label"] else who


def givers(item):
    # A merged input answers for every duplicate folded into it: credit all their givers.
    return f"{item['kind_label']} dari {'; '.join(person(g) for g in item['givers'])}"


def decision(item):
    """"Keputusan: Diterima — <tanggapan>", with the reason when not accepted; "" if undecided."""
    if not item["decision_label"]:
        return ""
    text = f"Keputusan: {item['decision_label']}"
    if item["response"]:
        text += f" — {item['response']}"
    if item["reason"]:
        text += f" (Alasan: {item['reason']})"
    return text


def summary(decisions):
    """"Ringkasan keputusan: 2 Diterima, 1 Tidak diterima"."""
    ordered = sorted(decisions.items(), key=lambda pair: _ORDER.get(pair[0], len(_ORDER)))
    return "Ringkasan keputusan: " + ", ".join(f"{count} {label}" for label, count in ordered)


def _input(doc, label, item):
    paragraph = layout.item(doc, label, item["text"], level=2, after=4, keep="whole")
    layout.run(paragraph, "\n" + givers(item), italic=True)
    decided = decision(item)
    if decided:
        layout.run(paragraph, "\n" + decided)


def inputs(doc, approved):
    """The approved inputs of model["approved"], service by service."""
    layout.para(doc, "Masukan peserta yang disampaikan dalam forum:", bold=True, before=12,
                after=4, keep="next")
    for number, block in enumerate(approved, start=1):
        layout.item(doc, f"{number}.", block["service"]["name"], bold=True, before=6, keep="next")
        if not block["aspects"]:
            layout.item(doc, "", "Tidak ada masukan.", level=1, italic=True)
        for index, group in enumerate(block["aspects"]):
            letter = _LETTERS[index] if index < len(_LETTERS) else str(index + 1)
            layout.item(doc, f"{letter}.", group["aspect"]["name"], level=1, bold=True, keep="next")
            for sub, entry in enumerate(group["inputs"], start=1):
                _input(doc, f"{sub})", entry)
        if block["decisions"]:
            layout.item(doc, "", summary(block["decisions"]), level=1, before=4)
        if block["conclusion"]:
            paragraph = layout.item(doc, "", "", level=1)
            layout.run(paragraph, "Kesimpulan: ", bold=True)
            layout.run(paragraph, block["conclusion"])
