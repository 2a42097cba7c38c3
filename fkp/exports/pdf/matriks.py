"""Matriks Masukan dan Tindak Lanjut (A4 landscape): one row per input of the record, merged
duplicates folded in (every giver shown), in the columns of the XLSX and CSV matrices.

One grid.Grid: 10,000 rows lay out in a few seconds, the header row on every page.
"""
from ...language.wording import as_date, month_name
from . import layout
from .grid import Grid, Span
from .parts import decision

NAME = "Matriks Masukan dan Tindak Lanjut FKP"
# Masukan gets the most room: it is what the matrix is about. Every column of free text is
# wide enough for a long Indonesian word at 7.5 pt ("Penyelenggaraan"), Komponen and Unsur
# for every word of their fixed labels ("Keselamatan", "Penyelenggara"), Target for every
# month ("September"): a word is cut only when it is wider than its column (a URL).
COLUMNS = [("No", 4, "center"), ("Layanan", 9.5), ("Komponen/ Topik", 8.5), ("Masukan", 16.5),
           ("Pemberi masukan", 9.5), ("Unsur", 8.5), ("Tanggapan", 11), ("Keputusan", 6.5),
           ("Tindak lanjut", 9.5), ("PIC", 6.5), ("Target", 6.5), ("Status", 5)]


def short_date(value):
    """"2025-12-01" -> "1 Desember 2025"; a malformed date as it was written."""
    if not value:
        return ""
    try:
        day = as_date(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{day.day} {month_name(day.month)} {day.year}"


def _lines(*parts):
    return "\n".join(p for p in parts if p)


def _row(number, item):
    givers = ";\n".join(", ".join(p for p in (g["name"], g["institution"]) if p) for g in item["givers"])
    groups = "; ".join(dict.fromkeys(g["group_label"] for g in item["givers"] if g["group_label"]))
    return [number, item["service_name"], item["aspect_label"], item["text"], givers, groups,
            _lines(item["response"], item["reason"] and f"Alasan: {item['reason']}"), decision(item),
            _lines(item["action"], item["note"] and f"Catatan: {item['note']}"), item["pic"],
            short_date(item["target_date"]), item["followup_label"]]


def _matriks_pdf(model):
    forum = model["forum"]
    rows = [_row(number, item) for number, item in enumerate(model["matrix"], start=1)]
    if not rows:
        rows = [Span([(layout.face(7.5), "Belum ada masukan.")])]
    story = [*layout.kop(model, layout.LANDSCAPE), layout.para("MATRIKS MASUKAN DAN TINDAK LANJUT", "h1"),
             layout.para(forum["title"], "doctitle"),
             layout.para(f"{forum['date_long']} · {layout.where(forum)}", "center"),
             Grid(COLUMNS, rows, layout.face(7.5), layout.face(7, bold=True), pad=(1.5, 2.5))]
    return layout.build(model, NAME, story, layout.LANDSCAPE)


def matriks_pdf(model):
    """The Matriks Masukan dan Tindak Lanjut (A4 landscape) as PDF bytes."""
    with layout.gc_paused():
        return _matriks_pdf(model)
