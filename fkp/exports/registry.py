"""Every document the app produces: (document, format) -> writer, audience, file type.

One table serves the downloads, `python -m fkp export` and the benchmark, so a combination
exists in all three or in none.
"""
import importlib
from collections import namedtuple

Document = namedtuple("Document", "module function audience content_type")

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"

DOCUMENTS = {
    ("berita-acara", "docx"): Document("docx.berita_acara", "berita_acara", "official", DOCX),
    ("berita-acara", "pdf"): Document("pdf.berita_acara", "berita_acara_pdf", "official", PDF),
    ("notulen", "docx"): Document("docx.notulen", "notulen", "official", DOCX),
    ("notulen", "pdf"): Document("pdf.notulen", "notulen_pdf", "official", PDF),
    ("matriks", "xlsx"): Document("xlsx", "matriks_xlsx", "official", XLSX),
    ("matriks", "csv"): Document("csv", "matriks_csv", "official", CSV),
    ("matriks", "pdf"): Document("pdf.matriks", "matriks_pdf", "official", PDF),
    # The revised standard (fkp/standards/), the decree's attachment, and its changes with the
    # inputs behind them: they name no attendee, so one public text each.
    ("standar-pelayanan", "docx"): Document("docx.standard", "standar_pelayanan", "public", DOCX),
    ("standar-pelayanan", "pdf"): Document("pdf.standard", "standar_pelayanan_pdf", "public", PDF),
    ("perubahan-standar", "docx"): Document("docx.standard", "perubahan_standar", "public", DOCX),
    ("perubahan-standar", "pdf"): Document("pdf.standard", "perubahan_standar_pdf", "public", PDF),
    # The service pledge names no attendee: it is the public text, with no separate publication.
    ("maklumat", "docx"): Document("docx.maklumat", "maklumat", "public", DOCX),
    ("maklumat", "pdf"): Document("pdf.maklumat", "maklumat_pdf", "public", PDF),
    ("daftar-hadir", "pdf"): Document("pdf.daftar_hadir", "daftar_hadir_pdf", "official", PDF),
    ("daftar-hadir", "xlsx"): Document("xlsx", "daftar_hadir_xlsx", "official", XLSX),
    # The internal attendance list carries contact details: staff only, never in the pack.
    ("daftar-hadir-internal", "pdf"): Document("pdf.daftar_hadir", "daftar_hadir_pdf", "internal", PDF),
    ("daftar-hadir-internal", "xlsx"): Document("xlsx", "daftar_hadir_xlsx", "internal", XLSX),
    # Every input, hidden ones marked so: the staff's own list, never in the pack.
    ("inputs", "csv"): Document("csv", "comments_csv", "internal", CSV),
}
# "For publication": the same documents from the public audience (minutes.py): only people
# who agreed to be named publicly are named, the online meeting only by its platform (its
# link may carry the passcode); hidden input is in no document but the internal list.
PUBLICATION = "-publikasi"
DOCUMENTS.update({(name + PUBLICATION, fmt): document._replace(audience="public")
                  for (name, fmt), document in list(DOCUMENTS.items()) if document.audience == "official"})
NAMES = sorted({name for name, _fmt in DOCUMENTS} | {"evidence"})
FORMATS = sorted({fmt for _name, fmt in DOCUMENTS} | {"zip"})


def writer(document):
    """The function that lays out `document` (a Document) from a minutes model."""
    return getattr(importlib.import_module(f"fkp.exports.{document.module}"), document.function)


def filename(name, fmt, code):
    return f"{name}-{code}.{fmt}"


def build(models, name, fmt):
    """The bytes of one document; `models` maps an audience to its assembled minutes model."""
    document = DOCUMENTS[(name, fmt)]
    return writer(document)(models(document.audience))
