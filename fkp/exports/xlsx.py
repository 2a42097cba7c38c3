"""The Matriks Masukan dan Tindak Lanjut and the Daftar Hadir as Excel workbooks an office
works in and prints, laid out from the minutes model (fkp.record.minutes.assemble).

Every value enters a sheet through `_put`, so attendee text never becomes a formula. Sheets
are streamed (write-only) with styles named once per workbook: 10,000 rows stay fast.
"""
import io
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from .cells import sheet_text, xml_safe
from .csv import MATRIKS_HEADER, matriks_rows

_SIDE = Side(style="thin", color="7F7F7F")
_BOX = Border(left=_SIDE, right=_SIDE, top=_SIDE, bottom=_SIDE)
_TOP, _TOP_CENTRE = Alignment(vertical="top", wrap_text=True), Alignment("center", "top")
_CENTRE = Alignment("center", "center", wrap_text=True)
_STYLES = {  # name: (size, bold, colour, fill, border, alignment, number format)
    "title": (12, True, None, None, None, _CENTRE, "General"),
    "line": (10, False, None, None, None, _CENTRE, "General"),
    "warning": (10, True, "C00000", None, None, _CENTRE, "General"),
    "head": (10, True, None, "D9E1F2", _BOX, _CENTRE, "General"),
    "group": (10, True, None, "F2F2F2", _BOX, _TOP, "General"),
    "text": (10, False, None, None, _BOX, _TOP, "General"),
    "bold": (10, True, None, None, _BOX, _TOP, "General"),
    "number": (10, False, None, None, _BOX, _TOP_CENTRE, "General"),
    "date": (10, False, None, None, _BOX, _TOP_CENTRE, "dd/mm/yyyy"),
    "small": (9, False, None, None, None, _CENTRE, "General"),
    "sign": (10, False, None, None, None, _CENTRE, "General"),
    "signname": (10, True, None, None, None, _CENTRE, "General"),
}
# Widest a matrix column grows (characters) before its text wraps: a printed page stays legible.
_MATRIKS_CAPS = [6, 20, 18, 36, 24, 18, 32, 15, 26, 14, 11, 8]
_INTERNAL_NOTE = "INTERNAL — memuat data kontak, jangan dipublikasikan"


def _put(cell, value):
    """Numbers and dates as themselves; everything else as safe text typed as a string, so not
    even a prefix that slipped through could be stored as a formula."""
    if isinstance(value, (int, float, date)) and not isinstance(value, bool):
        cell.value = value
    else:
        text = sheet_text(value)
        cell.value = text or None  # empty: a bare styled cell rather than an empty string
        if text:
            cell.data_type = "s"
    return cell


def _lines(text, per_line):
    """How many lines `text` wraps to at `per_line` characters, breaking at spaces."""
    lines = 0
    for part in text.split("\n"):
        lines, used = lines + 1, 0
        if len(part) <= per_line:  # most cells: no need to go word by word
            continue
        for word in part.split(" "):
            if used and used + 1 + len(word) > per_line:
                lines, used = lines + 1, 0
            used += len(word) + (1 if used else 0)
            while used > per_line:  # a word longer than the column breaks anywhere
                lines, used = lines + 1, used - per_line
    return lines


def _height(values, widths, least=15):
    """A row's height (points) for its wrapped text. LibreOffice keeps the default height when
    it opens a workbook, and printed text then spills over the next row, so it is set here. A
    column of width w holds about 1.3 w characters of the widest fallback font (DejaVu Sans)."""
    lines = max([_lines(v, int(w * 1.3) or 1) for v, w in zip(values, widths)
                 if isinstance(v, str)] or [1])
    return max(least, 12.5 * lines + 4)


def _fit(rows, header, caps):
    """Each column as wide as its longest line (header included), at most its cap."""
    widths = [len(title) + 2 for title in header]
    for row in rows:
        for index, value in enumerate(row[:len(widths)]):
            if not isinstance(value, str):  # a number or a date, as the sheet shows it
                value = "dd/mm/yyyy" if isinstance(value, date) else str(value or "")
            if len(value) + 2 > widths[index]:  # split only what might be the longest
                widths[index] = max(widths[index], max(map(len, value.split("\n"))) + 2)
    return [min(width, cap) for width, cap in zip(widths, caps)]


class _Sheet:
    """A streamed sheet laid out row by row; it counts rows, since merges and heights name them.
    Column widths, frozen header and print layout must precede the first row when streaming."""

    def __init__(self, name, widths, header, title, forum, landscape=True):
        """Printed on A4 (landscape unless told), one page wide at any length: the columns
        scale to the page's width (fitToWidth 1) and the pages run on (fitToHeight 0), never
        the whole sheet shrunk onto one page; the header row repeats on every page."""
        self.book, self.row = Workbook(write_only=True), 0
        # The organising unit wrote it, not "openpyxl"; its title is the document's.
        props = self.book.properties
        props.creator = props.lastModifiedBy = xml_safe(forum["unit"])
        props.title = xml_safe(f"{name} FKP - {forum['title']}")
        self.last = get_column_letter(len(widths))
        for style, (size, bold, colour, fill, border, align, fmt) in _STYLES.items():
            self.book.add_named_style(NamedStyle(
                style, font=Font(name="Arial", size=size, bold=bold, color=colour), border=border,
                fill=PatternFill("solid", fgColor=fill) if fill else PatternFill(),
                alignment=align, number_format=fmt))
        sheet = self.sheet = self.book.create_sheet(name)
        for number, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        self.header = len(title) + 2  # the title lines, a blank row, then the header
        sheet.freeze_panes = f"A{self.header + 1}"  # the header row stays in view
        sheet.print_title_rows = f"{self.header}:{self.header}"  # and on every printed page
        setup = sheet.page_setup
        setup.paperSize, setup.orientation = 9, "landscape" if landscape else "portrait"  # 9: A4
        sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        setup.fitToWidth, setup.fitToHeight = 1, 0  # one page wide, as many pages long as needed
        sheet.page_margins.left = sheet.page_margins.right = 0.4
        sheet.print_options.horizontalCentered = True
        sheet.oddFooter.center.text = "Halaman &P dari &N"
        for text, style in title:
            self.add([self.cell(text, style)], merge=True)
        self.add([])
        self.add([self.cell(text, "head") for text in header])

    def cell(self, value=None, style="text"):
        cell = WriteOnlyCell(self.sheet)
        cell.style = style  # before the value: a date then keeps the style's dd/mm/yyyy
        return _put(cell, value)

    def add(self, cells, merge=False, height=None):
        """Append a row; `merge` True spans it across the table, or names columns ("B:D")."""
        self.row += 1
        if merge:
            first, last = merge.split(":") if isinstance(merge, str) else ("A", self.last)
            self.sheet.merged_cells.add(f"{first}{self.row}:{last}{self.row}")
        if height:
            self.sheet.row_dimensions[self.row].height = height
        self.sheet.append(cells)

    def save(self):
        out = io.BytesIO()
        self.book.save(out)
        return out.getvalue()


def _title(forum, document):
    """The lines above the table: the letterhead (kop) as text — the institution and the unit
    in bold capitals, address and contacts — then the document, the forum and its date.
    Without a letterhead set, the unit's name alone, as before."""
    kop = forum["kop"]
    lines = [(line.upper(), "title") for line in (kop["heading"], kop["name"]) if line]
    lines += [(line, "small") for line in (kop["address"], kop["contact_line"]) if line]
    return lines + [(document, "title"), (forum["title"], "title"), (forum["date_long"], "line")]


def _closing(out, forum, columns):
    """Under the list, on the right: the place and date, "Mengetahui," and the head of the
    unit with position, room to sign, name and NIP — the unit certifies the list."""
    first = max(1, columns - 2)
    span = f"{get_column_letter(first)}:{out.last}"
    position = forum["head_position"] or "Pimpinan Unit Penyelenggara"
    lines = [(forum["place_date"], "sign", None), ("Mengetahui,", "sign", None), (position, "sign", None),
             (None, "sign", 48), (forum["head_name"] or f"({'.' * 30})", "signname", None)]
    if forum["head_nip"]:
        lines.append((forum["head_nip"], "sign", None))
    out.add([])
    for text, style, height in lines:
        cells = [None] * (first - 1) + [out.cell(text, style)] + [out.cell(None, style)] * (columns - first)
        out.add(cells, merge=span, height=height)


def matriks_xlsx(model):
    """The Matriks Masukan dan Tindak Lanjut: one row per input of the record (merged ones once)."""
    rows = list(matriks_rows(model))
    widths = _fit(rows, MATRIKS_HEADER, _MATRIKS_CAPS)
    out = _Sheet("Matriks", widths, MATRIKS_HEADER, _title(
        model["forum"], "MATRIKS MASUKAN DAN TINDAK LANJUT FORUM KONSULTASI PUBLIK"),
        model["forum"], True)
    out.sheet.auto_filter.ref = f"A{out.header}:{out.last}{out.header + len(rows)}"
    # One styled cell per column, refilled for every row: a streamed sheet writes a row out
    # when it is appended, and styling 120,000 new cells would cost seconds.
    cells = [out.cell(None, style) for style in ["number"] + ["text"] * 9 + ["date", "text"]]
    for row in rows:
        out.add([_put(cell, value) for cell, value in zip(cells, row)], height=_height(row, widths))
    return out.save()


def daftar_hadir_xlsx(model):
    """The Daftar Hadir: attendees per unsur then staff, a column to sign, then the counts.
    Contact details only in the internal list, which says so above the table and on each page."""
    forum, counts = model["forum"], model["attendance_counts"]
    internal = model["audience"] == "internal"
    header = ["No", "Nama", "Instansi", "Jabatan", "Kehadiran",
              *(["Kontak", "Versi pemberitahuan privasi"] * internal), "Tanda tangan"]
    groups = [g for g in counts["unsur"] + [counts["no_group"], counts["staff"]] if g["people"]]
    people = [[p["name"], p["institution"], p["position"], p["channel_label"],
               *([p.get("contact", ""), p.get("consent", "")] * internal), None]
              for g in groups for p in g["people"]]
    widths = [5] + _fit(people, header[1:5], [30, 30, 22, 12]) + [24, 16] * internal + [26]
    online = forum["mode"] != "in_person" and (forum["online_url"] or forum["online_platform"])
    place = " — ".join(p for p in (forum["date_long"], forum["place"], online) if p)
    title = _title(forum, "DAFTAR HADIR FORUM KONSULTASI PUBLIK")[:-1] + [(place, "line")]
    out = _Sheet("Daftar Hadir", widths, header, title + [(_INTERNAL_NOTE, "warning")] * internal,
                 forum)
    if internal:
        out.sheet.oddHeader.center.text = _INTERNAL_NOTE
    rows = iter(people)
    for group in groups:
        out.add([out.cell(f"{group['label']} ({group['count']} orang)", "group")] +
                [out.cell(None, "group") for _ in widths[1:]], merge=True)
        for person in group["people"]:  # tall rows: room to sign on paper
            values = next(rows)
            out.add([out.cell(person["no"], "number")] + [out.cell(v) for v in values],
                    height=_height(values, widths[1:], least=30))
    out.add([])
    recap = ["REKAPITULASI KEHADIRAN", None, None, None, None]
    out.add([out.cell(text, "group") for text in recap], merge="A:E")
    summary = [(n, g["label"], g["count"], "text") for n, g in enumerate(counts["unsur"], 1)] + [
        (None, "Jumlah unsur masyarakat", counts["unsur_total"], "bold")]
    if counts["no_group"]["count"]:  # imported from a chat, no unsur assigned yet
        summary.append((None, counts["no_group"]["label"], counts["no_group"]["count"], "text"))
    summary += [
        (None, counts["staff"]["label"], counts["staff"]["count"], "text"),
        (None, "Jumlah seluruh peserta", counts["total"], "bold")]
    for number, label, count, style in summary:
        out.add([out.cell(number, "number"), out.cell(label, style), out.cell(), out.cell(),
                 out.cell(count, "number")], merge="B:D")
    _closing(out, forum, len(widths))
    return out.save()
