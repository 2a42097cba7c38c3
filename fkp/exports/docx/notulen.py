"""The Notulen FKP (the forum's running record) as an editable Word document, laid out from
the minutes model: details, agenda, who led and who took notes, every input as it came in
with its answer and what the organiser explained among them, the conclusions, and the
note-taker's signature.

Attendee and staff text only ever goes in through docx_layout's plain runs.
"""
import io

from docx import Document
from docx.shared import Cm, Emu

from . import layout
from .notulen_record import running_record

DOTS = layout.DOTS


def _time(forum):
    # "09.00 s.d. 12.00 WITA", or "09.00 WITA s.d. selesai": how invitations and minutes
    # say a meeting runs until it is over.
    return forum["hours"] or DOTS


def _place(forum):
    # A publication names the platform only: the link may carry the meeting's passcode.
    place, link = forum["place"], forum["online_url"] or forum["online_platform"]
    shown = {"online": [link], "hybrid": [place, link]}.get(forum["mode"], [place])
    return "; ".join(part for part in shown if part) or DOTS


def _people(names):
    return ", ".join(names) if names else DOTS


def _details(doc, model):
    forum, staff, counts = model["forum"], model["staff"], model["attendance_counts"]
    agenda = forum["agenda"]
    no_group = counts["no_group"]["count"]  # imported from a chat, no unsur assigned yet
    present = (f"{counts['total']} orang ({counts['unsur_total']} unsur masyarakat, "
               + (f"{no_group} unsur belum ditentukan, " if no_group else "")
               + f"{counts['staff']['count']} penyelenggara)")
    rows = [("Hari/tanggal", forum["date_long"]), ("Waktu", _time(forum)),
            ("Tempat/tautan", _place(forum)), ("Bentuk", forum["mode_label"]),
            ("Moderator", _people(staff["moderators"])), ("Notulis", _people(staff["notetakers"])),
            ("Peserta", present)]
    table = layout.table(doc, len(rows) + 1, [Cm(3.4), Cm(0.5), Cm(12.1)], style=None)
    for row, (label, value) in zip(table.rows, rows):
        layout.cell(row.cells[0], label)
        layout.cell(row.cells[1], ":")
        layout.cell(row.cells[2], value)
    last = table.rows[-1].cells
    layout.cell(last[0], "Agenda")
    layout.cell(last[1], ":")
    if not agenda:
        layout.cell(last[2], "—")
        return
    for number, point in enumerate(agenda, start=1):
        layout.item(last[2], f"{number}.", point, after=2)
    empty = last[2].paragraphs[0]._p  # the cell's own first paragraph, left unused
    empty.getparent().remove(empty)


def _conclusions(doc, model):
    layout.para(doc, "Kesimpulan", bold=True, before=12, after=4, keep="next")
    per_service = [(b["service"]["name"], b["conclusion"]) for b in model["record"]
                   if b["conclusion"]]
    if model["conclusion"]:
        layout.para(doc, model["conclusion"], align=layout.JUSTIFY)
    if per_service:
        layout.para(doc, "Kesimpulan per layanan:", after=2)
        for number, (service, text) in enumerate(per_service, start=1):
            paragraph = layout.item(doc, f"{number}.", f"{service}: ", bold=True)
            layout.run(paragraph, text)
    if not model["conclusion"] and not per_service:  # lines to complete by hand
        for number in range(1, 4):
            layout.item(doc, f"{number}.", "." * 110)


def _signature(doc, model):
    """The place and date, then the note-taker on the right with position and NIP and, on the
    left, the head of the unit under "Mengetahui,". Without a note-taker whose full name is
    known, a blank line to write it on."""
    forum, notetaker = model["forum"], model["staff"]["notetaker"]
    widths = [Emu(layout.TEXT_WIDTH // 2)] * 2
    table = layout.table(doc, 1, widths, style=None)
    head = forum["head_position"] or "Pimpinan Unit Penyelenggara"
    # Both cells are bottom-aligned, so the two names stand on one line.
    layout.signature(table.cell(0, 0), ["Mengetahui,", head], forum["head_name"], bold_name=True,
                     note=forum["head_nip"])
    position = [notetaker["position"]] if notetaker and notetaker["position"] else []
    layout.signature(table.cell(0, 1), [forum["place_date"], "Notulis,", *position],
                     notetaker["name"] if notetaker else "", bold_name=True,
                     note=notetaker["nip"] if notetaker else "")


def notulen(model):
    """The Notulen FKP of the minutes model as DOCX bytes."""
    doc = Document()
    forum = model["forum"]
    layout.page_setup(doc, f"Notulen FKP - {forum['title']}", forum["unit"])
    layout.kop(doc, forum["kop"])
    layout.para(doc, "NOTULEN FORUM KONSULTASI PUBLIK", bold=True, align=layout.CENTER, after=0)
    layout.para(doc, forum["title"], bold=True, align=layout.CENTER, after=18)
    _details(doc, model)
    running_record(doc, model["running_record"], model["hidden_count"], model.get("statements", ()))
    _conclusions(doc, model)
    layout.para(doc, before=12, keep="next")  # the signature follows the text it closes
    _signature(doc, model)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
