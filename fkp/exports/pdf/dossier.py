"""The one-page summary at the front of a unit's evaluation dossier (exports/dossier.py):
each forum of the year with the unsur that took part, the input, what was promised and how
much of it is done, and whether the signed Berita Acara and attendance list are kept."""
from ...language.wording import GROUP_LABELS, date_plain
from . import layout
from .grid import Grid

NAME = "Ringkasan Bukti Forum Konsultasi Publik"
YES, NO = "ada", "belum"


def summary_pdf(unit, year, kop, forums):
    """A4 landscape; forums: review.forum_summary rows of the unit's forums of that year."""
    model = {"forum": {"title": f"{unit} Tahun {year}", "unit": unit, "kop": kop}}
    rows = [[f"{n}.", date_plain(f["date"]) if f["date"] else "—", f"{f['title']} ({f['code']})",
             f"{f['groups_present']} dari {f['groups_total']}: "
             + ("; ".join(GROUP_LABELS[g] for g in f["groups"]) or "—"),
             f["attendees"], f["inputs"], f["promised"],
             f"{f['done']} ({f['completion']}%)" if f["completion"] is not None else "—",
             f"{f['standard']['written']} dari {f['standard']['of']}",
             YES if f["signed_berita_acara"] else NO, YES if f["signed_daftar_hadir"] else NO]
            for n, f in enumerate(forums, start=1)]
    columns = [("No", 1.0, "center"), ("Tanggal", 2.4), ("Forum", 4.6), ("Unsur hadir", 4.0),
               ("Peserta", 1.8, "center"), ("Masukan", 2.0, "center"), ("Diterima", 2.0, "center"),
               ("Tindak lanjut selesai", 2.4, "center"), ("Standar direvisi (komponen)", 2.2, "center"),
               ("BA bertanda tangan", 2.0, "center"),
               ("Daftar hadir bertanda tangan", 2.2, "center")]
    story = [*layout.kop(model, layout.LANDSCAPE),
             layout.para("RINGKASAN BUKTI FORUM KONSULTASI PUBLIK", "h1"),
             layout.para(f"{unit} — Tahun {year}", "doctitle"),
             layout.para(f"Forum yang diselenggarakan: {len(forums)}. Setiap forum ada dalam map tersendiri "
                         "berkas ini: Berita Acara, Notulen, Daftar Hadir dan Matriks Masukan dan Tindak "
                         "Lanjut (PDF dan berkas yang dapat diubah), pindaian yang telah ditandatangani, "
                         "foto dokumentasi, serta standar pelayanan hasil revisi dan tabel perubahannya.", "justify"),
             Grid(columns, rows, layout.face(9), layout.face(8, bold=True)),
             layout.para("Unsur hadir: unsur masyarakat yang terwakili dari lima unsur (pengguna layanan; "
                         "ahli, praktisi dan akademisi; instansi terkait; organisasi masyarakat sipil; media "
                         "massa). Diterima: masukan yang diterima atau diterima sebagian. Tindak lanjut "
                         "selesai: yang berstatus selesai di antara yang diterima.", "small")]
    return layout.build(model, NAME, story, orientation=layout.LANDSCAPE)
