"""The inputs part of the Berita Acara: per service, the inputs of the record by component, each
with who gave it and the decision on it, then the service's decision summary and conclusion.

One paragraph per input with line breaks inside: a forum can have thousands of inputs and
each python-docx paragraph costs far more than a run.
"""
from docx.shared import Cm

from ...language.wording import DECISION_LABELS, number_words
from ...record.minutes import UNDECIDED
from . import layout

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
    """"Keputusan: Diterima — <tanggapan>", with the reason when not accepted; every input of
    the record gets one, "Keputusan: Belum diputuskan" until staff decide."""
    text = f"Keputusan: {item['decision_label'] or UNDECIDED}"
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
    layout.run(paragraph, "\n" + decision(item))


def _listed(doc, block):
    for index, group in enumerate(block["aspects"]):
        letter = _LETTERS[index] if index < len(_LETTERS) else str(index + 1)
        layout.item(doc, f"{letter}.", group["aspect"]["name"], level=1, bold=True, keep="next")
        for sub, entry in enumerate(group["inputs"], start=1):
            _input(doc, f"{sub})", entry)


def _counted(doc, block, columns):
    """Inputs per component and decision, for a forum too large to list each input."""
    table = layout.table(doc, len(block["aspects"]) + 1,
                         [Cm(4.0), Cm(1.5)] + [Cm(10.5 / len(columns))] * len(columns))
    layout.row_flag(table.rows[0], "w:tblHeader")
    # A zero-width space after a slash lets "sesuai/dijelaskan" wrap there, not mid-word.
    for cell, text in zip(table.rows[0].cells, ["Komponen", "Jumlah", *columns]):
        layout.run(layout.cell(cell, "", align=layout.CENTER), text.replace("/", "/\u200b"),
                   bold=True, size=7.5)
    for row, group in zip(table.rows[1:], block["aspects"]):
        layout.cell(row.cells[0], group["aspect"]["name"])
        counts = [len(group["inputs"])] + [group["decisions"].get(label, 0) for label in columns]
        for cell, count in zip(row.cells[1:], counts):
            layout.cell(cell, str(count), align=layout.CENTER)


def inputs(doc, model):
    """The inputs of the record, service by service: each one listed, or for a
    large forum counted per component with the Matriks as the attachment that lists them."""
    layout.para(doc, "Masukan peserta yang disampaikan dalam forum:", bold=True, before=12,
                after=4, keep="next")
    if not model["berita_acara_lists_inputs"]:
        total = len(model["matrix"])
        layout.para(doc, f"Sebanyak {total} ({number_words(total)}) masukan disampaikan dalam forum. "
                    "Rincian setiap masukan beserta tanggapan dan keputusannya tercantum dalam Matriks "
                    "Masukan dan Tindak Lanjut yang terlampir dan merupakan bagian tidak terpisahkan "
                    "dari Berita Acara ini. Ringkasannya per layanan:", align=layout.JUSTIFY, after=4)
    for number, block in enumerate(model["record"], start=1):
        layout.item(doc, f"{number}.", block["service"]["name"], bold=True, before=6, keep="next")
        if not block["aspects"]:
            layout.item(doc, "", "Tidak ada masukan.", level=1, italic=True)
        elif model["berita_acara_lists_inputs"]:
            _listed(doc, block)
        else:
            _counted(doc, block, model["decision_columns"])
        if block["decisions"]:
            layout.item(doc, "", summary(block["decisions"]), level=1, before=4)
        if block["conclusion"]:
            paragraph = layout.item(doc, "", "", level=1)
            layout.run(paragraph, "Kesimpulan: ", bold=True)
            layout.run(paragraph, block["conclusion"])
    if model["open_at_finalisation"]:  # staff finalised with input still open, and said so
        layout.para(doc, model["open_at_finalisation"], align=layout.JUSTIFY, before=6)
