"""Making attendee text safe inside generated files; shared by every writer (DOCX, CSV, XLSX)."""
import re

# Characters XML 1.0 forbids (C0 controls other than tab/newline/CR, lone surrogates,
# U+FFFE/U+FFFF): python-docx and openpyxl raise on them instead of writing the file.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# A spreadsheet treats a cell starting with one of these as a formula (or DDE payload).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def xml_safe(text):
    """`text` as a string with every character XML cannot hold removed."""
    return _XML_INVALID.sub("", "" if text is None else str(text))


def neutralise(cell):
    """`cell` as a string a spreadsheet shows as text, never evaluates as a formula.

    The leading apostrophe is what Excel and LibreOffice themselves use to mark text.
    """
    text = "" if cell is None else str(cell)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


# A CSV is split on the separator of whoever opens it: "," (LibreOffice, Excel in English) or
# ";" (Excel on Indonesian systems, where "," is the decimal mark). Inside a cell, either
# separator followed (after quotes) by a formula prefix starts a formula in the other reading.
_INNER_FORMULA = re.compile(r'([,;])(?="*[=+\-@\t\r])')


def csv_text(cell):
    """`cell` as text for a CSV cell that no spreadsheet evaluates, split on "," or on ";":
    sheet_text, and a space after any separator inside it that a formula prefix follows (a
    field starting with a space is text to Excel and LibreOffice alike)."""
    return sheet_text(_INNER_FORMULA.sub(r"\1 ", xml_safe(cell)))


def sheet_text(cell):
    """`cell` as text for a spreadsheet cell (XLSX or CSV): XML-safe, then never a formula.

    Cleaning comes first: a control character in front of "=" must not hide the formula
    from `neutralise` and then vanish, leaving "=..." at the start of the cell.
    """
    return neutralise(xml_safe(cell))
