"""Inputs of a forum as CSV files that Excel opens with Indonesian text intact, and the rows of
the Matriks Masukan dan Tindak Lanjut that the CSV and XLSX matrices share."""
import csv
import io
from datetime import date

from ..language import timezones
from ..record.minutes import UNDECIDED
from .cells import csv_text

HEADER = ["No", "Layanan", "Aspek", "Jenis", "Masukan", "Nama", "Instansi", "Unsur", "Kanal",
          "Status"]

# Excel only reads a CSV as UTF-8 when it starts with a byte-order mark.
BOM = "\ufeff"


def _writer(out):
    """Every field quoted, "," between them: whichever separator the spreadsheet splits on,
    "," or Indonesian Excel's ";", a quoted field starts with a quote, never with a formula
    (and csv_text keeps a formula from starting after a separator inside one)."""
    return csv.writer(out, quoting=csv.QUOTE_ALL)


def local_time(utc_iso, zone):
    """"2025-09-04 13:30:00": a stored UTC time in the forum's zone, sortable as text."""
    moment = timezones.local(utc_iso, zone)
    return moment.strftime("%Y-%m-%d %H:%M:%S") if moment else ""


def _row(number, item, zone):
    return [number, item["service_name"], item["aspect_label"], item["kind_label"], item["text"],
            item["name"], item["institution"], item["group_label"], item["channel_label"],
            item["status_label"], local_time(item["created_utc"], zone)]


def comments_csv(model):
    """Every input of the (internal) minutes model in id order, one row each, hidden ones
    included with their status, and when it came in, in the forum's own time zone (named in
    the header: "Waktu (WITA)"), as every other document says it; returns UTF-8 bytes."""
    zone = model["forum"]["time_zone"]
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow([*HEADER, f"Waktu ({zone})"])
    for number, item in enumerate(model["all_inputs"], start=1):
        writer.writerow([csv_text(cell) for cell in _row(number, item, zone)])
    return (BOM + out.getvalue()).encode("utf-8")


MATRIKS_HEADER = ["No", "Layanan", "Komponen/Topik", "Masukan", "Pemberi masukan", "Unsur",
                  "Tanggapan", "Keputusan", "Tindak lanjut", "PIC", "Target", "Status"]


def _target(value):
    """A follow-up's target as a date (sortable in a spreadsheet); kept as text if malformed."""
    try:
        return date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return value


def _lines(*parts):
    return "\n".join(p for p in parts if p)


def matriks_rows(model):
    """[No, ..., Status] per matrix entry: plain values (Target a date or None), not yet made
    safe, so each writer keeps real numbers and dates and makes the text safe itself."""
    for number, item in enumerate(model["matrix"], start=1):
        # A merged group is one row that credits every giver, each named once.
        givers = list(dict.fromkeys(
            f"{g['name']} ({g['institution']})" if g["institution"] else g["name"]
            for g in item["givers"]))
        groups = dict.fromkeys(g["group_label"] for g in item["givers"] if g["group_label"])
        # The reason belongs with the answer: a "Tidak diterima" must say why.
        answer = _lines(item["response"], item["reason"] and f"Alasan: {item['reason']}")
        action = _lines(item["action"], item["note"] and f"Catatan: {item['note']}")
        yield [number, item["service_name"], item["aspect_name"], item["text"], "; ".join(givers),
               "; ".join(groups), answer, item["decision_label"] or UNDECIDED, action, item["pic"],
               _target(item["target_date"]), item["followup_label"]]


def matriks_csv(model):
    """The matrix as UTF-8 CSV with a BOM; Target as an ISO date (sorts as text and as a date)."""
    out = io.StringIO()
    writer = _writer(out)
    writer.writerow(MATRIKS_HEADER)
    for row in matriks_rows(model):
        target = row[10]
        row[10] = target.isoformat() if isinstance(target, date) else target
        writer.writerow([row[0]] + [csv_text(cell) for cell in row[1:]])
    return (BOM + out.getvalue()).encode("utf-8")
