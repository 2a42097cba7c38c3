"""The revised Standar Pelayanan and the table of its changes as PDFs: the same content as
exports/docx/standard.py."""
from reportlab.lib.units import cm
from reportlab.platypus import PageBreak, Spacer

from ..docx.standard import (
    CHANGE_COLUMNS,
    CHANGES_TITLE,
    DELIVERY,
    INTERNAL,
    component_text,
    decree_heading,
    reasons,
)
from . import layout
from .grid import Grid
from .parts import signatures

STANDARD_NAME = "Standar Pelayanan"
CHANGES_NAME = "Perubahan Standar Pelayanan"


def _components(letter_title, rows):
    letter, title = letter_title
    body = [[f"{n}.", row["name"], component_text(row)] for n, row in enumerate(rows, start=1)]
    return [layout.para(f"{letter} {title}", "h2"),
            Grid([("No", 1.0, "center"), ("Komponen", 4.5), ("Uraian", 10.5)], body, layout.face(9.5),
                 layout.face(9, bold=True))]


def standar_pelayanan_pdf(model):
    forum = model["forum"]
    head = ([forum["head_position"] or "Pimpinan Unit Penyelenggara"], forum["head_name"], forum["head_nip"])
    story = [layout.para(line, "right") for line in decree_heading(forum)]
    for index, part in enumerate(model["standard"]):
        if index:
            story.append(PageBreak())
        story += [Spacer(1, 0.6 * cm), layout.para("STANDAR PELAYANAN", "h1"),
                  layout.para(part["service"].upper(), "h1"), layout.para(forum["unit"].upper(), "h1"),
                  *_components(DELIVERY, [r for r in part["rows"] if r["delivery"]]),
                  *_components(INTERNAL, [r for r in part["rows"] if not r["delivery"]]),
                  Spacer(1, 0.6 * cm), *signatures([head], per_row=2, align="RIGHT")]
    return layout.build(model, STANDARD_NAME, story)


def perubahan_standar_pdf(model):
    forum = model["forum"]
    shares = (1.0, 3.2, 5.0, 5.0, 2.4, 5.6, 2.5)
    columns = [(title, share, "center") if title == "No" else (title, share)
               for title, share in zip(CHANGE_COLUMNS, shares)]
    story = [*layout.kop(model, layout.LANDSCAPE), layout.para(CHANGES_TITLE, "h1"),
             layout.para(forum["title"], "doctitle"), layout.para(forum["date_long"], "center")]
    for number, part in enumerate(model["standard"], start=1):
        body = [[f"{n}.", row["name"], row["draft"] or "—", row["final"] if row["state"] != "not_started" else "—",
                 row["state_label"], reasons(row), row["agreement"] or "—"]
                for n, row in enumerate(part["rows"], start=1)]
        story += [layout.rich([(part["service"], "b")], "item", bullet=f"{number}."),
                  Grid(columns, body, layout.face(8.5), layout.face(8, bold=True))]
    return layout.build(model, CHANGES_NAME, story, orientation=layout.LANDSCAPE)
