"""A unit's evaluation dossier for one year: one ZIP that holds what PEKPPP's evaluators ask
for — every forum's evidence pack (its official documents, the signed scans, the photos), in
a folder per forum, behind a one-page summary of the year (exports/pdf/dossier.py).

Built in the document worker like the evidence pack (exports/builds.py), never in the server:
it lays out every document of every forum of the year."""
import io
import zipfile

from . import evidence, registry
from .pdf.dossier import summary_pdf

SUMMARY = "00-ringkasan-bukti-fkp.pdf"
# The revised standard and its changes, beside each forum's evidence.
STANDARD = ("standar-pelayanan", "perubahan-standar")


def folder(number, forum):
    return f"{number:02d}-{forum['date'] or 'tanpa-tanggal'}-{forum['code']}/"


def dossier_zip(unit, year, kop, forums):
    """forums: [{"summary": review.forum_summary row, "model", "photos", "scans"}], in order."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dossier:
        dossier.writestr(SUMMARY, summary_pdf(unit, year, kop, [f["summary"] for f in forums]))
        for number, forum in enumerate(forums, start=1):
            pack = evidence.evidence_zip(lambda _audience, f=forum: f["model"], forum["photos"],
                                         forum["summary"]["code"], forum["scans"])
            prefix = folder(number, forum["summary"])
            with zipfile.ZipFile(io.BytesIO(pack)) as inner:
                for info in inner.infolist():
                    dossier.writestr(prefix + info.filename, inner.read(info), info.compress_type)
            if forum["summary"]["standard"]["written"]:  # the revised standard, once any is written
                for name in STANDARD:
                    dossier.writestr(prefix + registry.filename(name, "pdf", forum["summary"]["code"]),
                                     registry.build(lambda _audience, f=forum: f["model"], name, "pdf"))
    return out.getvalue()
