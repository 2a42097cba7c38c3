"""Daftar Hadir FKP (A4 portrait): one numbered table per unsur, then the organiser's staff,
with an empty column to sign on paper. Contact details only in the internal version, which
says so on its first page and at the foot of every page."""
from reportlab.lib.units import cm
from reportlab.platypus import KeepTogether, Spacer

from . import layout
from .grid import Cell, Grid, Span
from .parts import counts_grid, head_signature, signatures

NAME = "Daftar Hadir FKP"
INTERNAL = "INTERNAL — memuat data kontak, jangan dipublikasikan"
_PUBLIC = [("No", 6, "center"), ("Nama", 23), ("Instansi", 22), ("Jabatan", 15), ("Kehadiran", 14),
           ("Tanda tangan", 20)]
_INTERNAL = [("No", 5, "center"), ("Nama", 17), ("Instansi", 16), ("Jabatan", 10), ("Kehadiran", 13),
             ("Kontak", 21), ("Tanda tangan", 18)]


def _title(index, group, counts):
    if group is counts["staff"]:
        return f"Penyelenggara ({group['count']} orang)"
    if group["code"] is None:  # imported from a chat: listed apart until staff assign an unsur
        return f"{group['label']} ({group['count']} orang)"
    return f"{'ABCDE'[index]}. Unsur {group['label']} ({group['count']} orang)"


def _people(group, internal):
    small, sign = layout.face(8), layout.face(7)
    rows = []
    for p in group["people"]:
        contact = [Cell([(small, f"{p.get('contact') or ''}\nPemberitahuan privasi: {p.get('consent') or ''}")])]
        # Signatures alternate left and right, as on paper lists, so neighbours do not overlap.
        rows.append([p["no"], p["name"], p["institution"], p["position"], p["channel_label"],
                     *(contact if internal else []),
                     Cell([(sign, f"{p['no']}.")], indent=1.8 * cm if p["no"] % 2 == 0 else 0, valign="top")])
    if not rows:
        rows = [Span([(layout.face(10, italic=True), "Tidak ada peserta dari unsur ini.")])]
    return Grid(_INTERNAL if internal else _PUBLIC, rows, layout.face(9), layout.face(8.5, bold=True),
                pad=(2, 3), least=1.15 * cm, valign="middle")


def _daftar_hadir_pdf(model):
    forum, counts = model["forum"], model["attendance_counts"]
    internal = model["audience"] == "internal"
    # The kop comes first, as on any letter of the unit; the warning right under it.
    story = layout.kop(model)
    if internal:
        story.append(Grid([("", 1, "center")], [[Cell([(layout.face(10, bold=True), INTERNAL)])]],
                          layout.face(10), header=False, pad=(4, 4), space_after=8))
    hours = f", pukul {forum['hours']}" if forum["hours"] else ""
    story += [layout.para("DAFTAR HADIR FORUM KONSULTASI PUBLIK", "h1"), layout.para(forum["title"], "doctitle"),
              layout.para(f"{forum['date_long']}{hours} · {layout.where(forum)}", "center")]
    groups = counts["unsur"] + ([counts["no_group"]] if counts["no_group"]["count"] else []) + [counts["staff"]]
    for index, group in enumerate(groups):
        story += [layout.para(_title(index, group, counts), "h2"), _people(group, internal)]
    story += [layout.para("Rekapitulasi kehadiran", "h2"), counts_grid(counts, 12 * cm)]
    # The unit certifies the list: the place and date, the head of the unit on the right.
    story.append(KeepTogether([Spacer(1, 0.4 * cm), *signatures(
        [head_signature(forum, place_date=True)], per_row=2, align="RIGHT")]))
    return layout.build(model, NAME, story, note=INTERNAL if internal else "")


def daftar_hadir_pdf(model):
    """The Daftar Hadir with a signature column; contact details only for audience internal."""
    with layout.gc_paused():
        return _daftar_hadir_pdf(model)
