"""Notulen FKP (A4 portrait): the running record, with what exports/docx/notulen.py says.

Every input of the record in id order, shown on the projector or not, so it shows what was
said and not only what was shown; what a moderator hid is only counted. The entries are one
grid.Grid (a rule above each): 10,000 of them lay out in seconds.
"""
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer

from ...language.wording import number_words
from ..running_order import in_time_order
from . import layout
from .grid import Cell, Grid
from .parts import decision, head_signature, person, signatures

NAME = "Notulen FKP"


def _participants(model):
    counts = model["attendance_counts"]
    no_group = counts["no_group"]["count"]  # imported from a chat, no unsur assigned yet
    return (f"{counts['total']} orang ({counts['unsur_total']} unsur masyarakat, "
            + (f"{no_group} unsur belum ditentukan, " if no_group else "")
            + f"{counts['staff']['count']} penyelenggara)")


def _facts(model):
    """The details, in the rows of the DOCX's table; staff by their full names only."""
    forum, staff = model["forum"], model["staff"]
    rows = [("Hari/tanggal", forum["date_long"]),
            ("Waktu", forum["hours"] or layout.DOTS),
            ("Tempat/tautan", layout.where(forum)), ("Bentuk", forum["mode_label"]),
            ("Moderator", ", ".join(staff["moderators"]) or layout.DOTS),
            ("Notulis", ", ".join(staff["notetakers"]) or layout.DOTS),
            ("Peserta", _participants(model))]
    body = layout.face(10)
    cells = [[label, f": {value}"] for label, value in rows]
    agenda = forum["agenda"] or ["—"]
    numbered = len(forum["agenda"]) > 0
    cells.append(["Agenda", Cell([(body, ": " + "\n".join(
        f"{n}. {point}" if numbered else point for n, point in enumerate(agenda, 1)))])])
    return Grid([("", 3.4), ("", 12.6)], cells, body, header=False, rules="none", pad=(1, 0),
                space_after=8)


def _entry(number, item):
    """One input as the notulis records it: number, id, time, channel, subject, kind and
    status; who; what was said; the answer, if any. One face per line but the head's status
    mark: a line of one face is wrapped on ink's quick path, 10,000 entries in a second."""
    small, small_bold = layout.face(8.5), layout.face(8.5, bold=True)
    body, bold = layout.face(10), layout.face(10, bold=True)
    head = (f"#{item['id']} · pukul {item['clock'] or '--.--'} · {item['channel_label']} · "
            f"{item['service_name']} / {item['aspect_name']} · {item['kind_label']} ·")
    if item["merged_into_id"]:  # marked: not shown on its own at the forum
        runs = [(small, head), (small_bold, f" digabung ke #{item['merged_into_id']}")]
    elif item["status"] != "approved":
        runs = [(small, head), (small_bold, f" {item['status_label']}")]
    else:
        runs = [(small, f"{head} {item['status_label']}")]
    runs += [(body, "\n"), (bold, person(item)), (body, "\n"), (body, item["text"])]
    if item["response"] or item["decision"]:
        same = f" (sama dengan #{item['merged_into_id']})" if item["merged_into_id"] else ""
        runs += [(body, "\n"), (body, f"Tanggapan{same}: {item['response'] or '-'}"), (body, "\n"),
                 (bold, f"Keputusan: {decision(item)}")]
        if item["reason"]:
            runs += [(body, "\n"), (body, f"Alasan: {item['reason']}")]
    return [Cell([(bold, f"{number}.")]), Cell(runs)]


def _statement(statement):
    """What the organiser explained, as the DOCX has it: unnumbered, "13.30 WITA — Penjelasan
    penyelenggara — name, position", what it concerns in italics, then the text."""
    body, bold, italic = layout.face(10), layout.face(10, bold=True), layout.face(10, italic=True)
    speaker = ", ".join(part for part in (statement["speaker"], statement["position"]) if part)
    runs = [(bold, f"{statement['clock'] or '--.--'} — Penjelasan penyelenggara — {speaker}")]
    about = " — ".join(part for part in (statement["service_name"], statement["aspect_label"]) if part)
    if about:
        runs += [(body, "\n"), (italic, about)]
    return ["", Cell(runs + [(body, "\n"), (body, statement["text"])])]


def _record(model):
    hidden = model["hidden_count"]
    note = ("Semua masukan yang masuk dicatat menurut urutan masuknya, termasuk yang belum dimoderasi "
            f"atau digabung, dengan penjelasan penyelenggara di antaranya. Waktu dalam "
            f"{model['forum']['time_zone']}.")
    if hidden:
        note += f" {hidden} ({number_words(hidden)}) masukan yang disembunyikan moderator tidak dicantumkan."
    story = [layout.para("Jalannya forum", "h2"), layout.para(note, "small")]
    inputs, said = model["running_record"], model.get("statements", ())
    if not inputs:
        story.append(layout.rich([("Tidak ada masukan yang tercatat.", "i")]))
        if not said:
            return story
    rows = [_statement(item) if number is None else _entry(number, item)
            for number, item in in_time_order(inputs, said)]
    return story + [Grid([("", 1.0), ("", 15.0)], rows, layout.face(10), header=False, rules="above",
                         pad=(3, 0))]


def _conclusions(model):
    """The forum's conclusion, then each service's, numbered; lines to complete by hand when
    none was written (as the DOCX)."""
    story = [layout.para("Kesimpulan", "h2")]
    per_service = [(b["service"]["name"], b["conclusion"]) for b in model["record"] if b["conclusion"]]
    if model["conclusion"]:
        story.append(layout.para(model["conclusion"], "justify"))
    if per_service:
        story.append(layout.para("Kesimpulan per layanan:"))
        story += [layout.rich([(f"{service}: ", "b"), (text, "")], "item", bullet=f"{n}.")
                  for n, (service, text) in enumerate(per_service, start=1)]
    if not model["conclusion"] and not per_service:  # lines to complete by hand
        story += [layout.para("." * 110, "item", bullet=f"{n}.") for n in range(1, 4)]
    return story


def _signature(model):
    """Mengetahui, the head of the unit with the NIP, on the left; the place and date, the
    note-taker with position, name and NIP on the right (a line to write a name on when no
    note-taker's full name is known). As the DOCX."""
    forum, notetaker = model["forum"], model["staff"]["notetaker"]
    position = [notetaker["position"]] if notetaker and notetaker["position"] else []
    right = ([forum["place_date"], "Notulis,", *position], notetaker["name"] if notetaker else "",
             notetaker["nip"] if notetaker else "")
    return signatures([head_signature(forum), right], per_row=2)


def _notulen_pdf(model):
    story = [*layout.heading(model, "NOTULEN FORUM KONSULTASI PUBLIK"), _facts(model), *_record(model)]
    # The conclusions and the signature that closes them stay on one page.
    story.append(KeepTogether([*_conclusions(model), Spacer(1, 0.4 * cm), *_signature(model)]))
    return layout.build(model, NAME, story)


def notulen_pdf(model):
    """The Notulen: the running record of every input, in the order given, as PDF bytes."""
    with layout.gc_paused():
        return _notulen_pdf(model)
