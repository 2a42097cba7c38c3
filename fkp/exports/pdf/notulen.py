"""Notulen FKP (A4 portrait): the running record, with what exports/docx/notulen.py says.

Every input of the record in id order, shown on the projector or not, so it shows what was
said and not only what was shown; what a moderator hid is only counted. The entries are one
grid.Grid (a rule above each): 10,000 of them lay out in seconds.
"""
from ...language.wording import number_words
from . import layout
from .grid import Cell, Grid
from .parts import decision, person, signatures

NAME = "Notulen FKP"


def _participants(model):
    counts = model["attendance_counts"]
    no_group = counts["no_group"]["count"]  # imported from a chat, no unsur assigned yet
    return (f"{counts['total']} orang ({counts['unsur_total']} unsur masyarakat, "
            + (f"{no_group} unsur belum ditentukan, " if no_group else "")
            + f"{counts['staff']['count']} penyelenggara); {len(model['groups_present'])} dari "
            f"{len(counts['unsur'])} unsur masyarakat terwakili")


def _facts(model):
    forum, staff = model["forum"], model["staff"]
    rows = [("Hari/tanggal", forum["date_long"]),
            ("Waktu", forum["hours"] or layout.DOTS[:10] + " s.d. selesai")]
    if forum["mode"] != "online":
        rows.append(("Tempat", forum["place"] or layout.DOTS))
    if forum["mode"] != "in_person":
        rows.append(("Tautan daring", forum["online_url"] or layout.DOTS))
    rows += [("Bentuk kegiatan", forum["mode_label"]), ("Penyelenggara", forum["unit"]),
             ("Moderator", ", ".join(staff["moderators"]) or layout.DOTS),
             ("Notulis", ", ".join(staff["notetakers"]) or layout.DOTS),
             ("Jumlah peserta", _participants(model))]
    return Grid([("", 4.2), ("", 11.8)], [[label, f": {value}"] for label, value in rows], layout.face(10),
                header=False, rules="none", pad=(1, 0), space_after=8)


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


def _record(model):
    hidden = model["hidden_count"]
    note = ("Semua masukan yang masuk dicatat menurut urutan masuknya, termasuk yang belum dimoderasi "
            f"atau digabung. Waktu dalam {model['forum']['time_zone']}.")
    if hidden:
        note += f" {hidden} ({number_words(hidden)}) masukan yang disembunyikan moderator tidak dicantumkan."
    story = [layout.para("Masukan dan tanggapan", "h2"), layout.para(note, "small")]
    inputs = model["running_record"]
    if not inputs:
        return story + [layout.rich([("Tidak ada masukan.", "i")])]
    rows = [_entry(number, item) for number, item in enumerate(inputs, start=1)]
    return story + [Grid([("", 1.0), ("", 15.0)], rows, layout.face(10), header=False, rules="above",
                         pad=(3, 0))]


def _conclusions(model):
    story = [layout.para("Kesimpulan", "h2")]
    for block in model["record"]:
        if block["conclusion"]:
            story.append(layout.rich([(f"{block['service']['name']}:", "b"), (" " + block["conclusion"], "")]))
    if model["conclusion"]:
        story.append(layout.rich([("Kesimpulan dan kesepakatan forum:", "b"), (" " + model["conclusion"], "")]))
    if len(story) == 1:  # lines to complete by hand
        story.append(layout.rich([("Belum ada kesimpulan yang dicatat.", "i")]))
        story += [layout.para("." * 110, "item", bullet=f"{n}.") for n in range(1, 4)]
    return story


def _notulen_pdf(model):
    forum = model["forum"]
    signers = [([forum["date_long"], "Notulis,"], name, "") for name in model["staff"]["notetakers"] or [""]]
    story = [*layout.heading(model, "NOTULEN FORUM KONSULTASI PUBLIK"), _facts(model),
             layout.para("Agenda", "h2")]
    if forum["agenda"]:
        story += [layout.para(point, "item", bullet=f"{n}.") for n, point in enumerate(forum["agenda"], 1)]
    else:
        story.append(layout.rich([("Agenda tidak dicatat.", "i")]))
    story += _record(model) + _conclusions(model)
    # The note-taker signs on the right, under the text the signature closes.
    story += signatures(signers, per_row=2, align="RIGHT")
    return layout.build(model, NAME, story)


def notulen_pdf(model):
    """The Notulen: the running record of every input, in the order given, as PDF bytes."""
    with layout.gc_paused():
        return _notulen_pdf(model)
