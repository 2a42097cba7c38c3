"""Pieces several PDF documents share, so a giver, a count or a signature reads the same in
each: who gave an input, the attendance count table, the per-component decision table, and
the signature blocks."""
from reportlab.lib.units import cm
from reportlab.platypus import Spacer, Table, TableStyle

from ...record.minutes import UNDECIDED
from . import layout
from .grid import Cell, Grid


def person(p):
    """"Siti Aminah, Lombok Post (Media massa)"."""
    who = ", ".join(part for part in (p["name"], p["institution"]) if part)
    return f"{who} ({p['group_label']})" if p["group_label"] else who


def givers(item):
    """Every giver of an input: a merged duplicate credits its giver on the kept input."""
    return "; ".join(person(g) for g in item["givers"])


def decision(item):
    return item["decision_label"] or UNDECIDED


def counts_grid(counts, width):
    """Attendance per unsur, the totals, then the organiser's staff (not one of the five)."""
    body, bold = layout.face(10), layout.face(10, bold=True)
    rows = [[f"{n}.", group["label"], group["count"]] for n, group in enumerate(counts["unsur"], 1)]
    rows.append(["", Cell([(bold, "Jumlah unsur masyarakat")]), Cell([(bold, str(counts["unsur_total"]))])])
    if counts["no_group"]["count"]:  # imported from a chat, no unsur assigned yet
        rows.append(["", counts["no_group"]["label"], counts["no_group"]["count"]])
    rows.append(["", counts["staff"]["label"], counts["staff"]["count"]])
    rows.append(["", Cell([(bold, "Jumlah seluruh peserta")]), Cell([(bold, str(counts["total"]))])])
    return Grid([("No", 1.2, "center"), ("Unsur", 9.0), ("Jumlah", 2.8, "center")], rows, body,
                layout.face(9, bold=True), width=width)


def decision_grid(block, columns):
    """A service's inputs counted per component and decision: the Berita Acara of a forum too
    large to list every input."""
    body, head = layout.face(9), layout.face(8, bold=True)
    rows = [[group["aspect"]["name"], len(group["inputs"]),
             *(group["decisions"].get(label, 0) for label in columns)] for group in block["aspects"]]
    # A slash may end a line: "sesuai/ dijelaskan" wraps there, not inside a word.
    titles = [("Komponen", 4.0), ("Jumlah", 1.5, "center"),
              *((label.replace("/", "/ "), 10.5 / len(columns), "center") for label in columns)]
    return Grid(titles, rows, body, head)


def _sign_cell(lines, name, note, noted):
    """Role lines, room to sign, the name (or a line to write it on) and the note under it
    (an institution, a NIP); `noted`: a note line is kept even when empty, so the names of a
    row stand on one line when only some signers have a note."""
    cell = [layout.para(line, "sign") for line in lines]
    cell.append(Spacer(1, 1.8 * cm))
    cell.append(layout.rich([(name, "bu")], "sign") if name else layout.para(f"({'.' * 34})", "sign"))
    if noted:
        cell.append(layout.para(note or "\u00a0", "sign_note"))
    return cell


def signatures(signers, per_row=3, width=16 * cm, align="CENTER"):
    """Signature blocks, `per_row` to a row, a short last row centred under the others (or
    put as `align` says): each [lines, name, note], the name or a line to write it on. Each
    row is bottom-aligned, so its names stand on one line however many role lines it has."""
    tables, column = [], width * 0.31 / (per_row / 3)
    for start in range(0, len(signers), per_row):
        row = signers[start:start + per_row]
        noted = any(note for _lines, _name, note in row)
        table = Table([[_sign_cell(lines, name, note, noted) for lines, name, note in row]],
                      colWidths=[column] * len(row), hAlign=align)
        table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                                   ("TOPPADDING", (0, 0), (-1, -1), 6),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
        tables.append(table)
    return tables


def head_signature(forum, place_date=False):
    """The head of the unit under "Mengetahui,": position (or "Pimpinan Unit Penyelenggara"),
    name and NIP; with `place_date`, the place-and-date line above it."""
    lines = [forum["place_date"]] * place_date + [
        "Mengetahui,", forum["head_position"] or "Pimpinan Unit Penyelenggara"]
    return (lines, forum["head_name"], forum["head_nip"])
