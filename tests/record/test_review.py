"""A unit's forums year by year, and the evaluation dossier of a year, as an office hands it in."""
import io
import subprocess
import zipfile

import pytest

from fkp.exports import dossier
from fkp.forums import forums, units
from fkp.record import minutes, photos, review, scans
from fkp.standards import texts
from tests.helpers import factories
from tests.helpers.documents import pdf_text


def test_a_forum_summary_counts_what_the_evaluation_asks(db):
    forum, _inputs = factories.full_record(db)
    summary = review.forum_summary(db, forums.get(db, forum["id"]))
    model = minutes.assemble(db, forums.get(db, forum["id"]))
    assert summary["groups_present"] == len(model["groups_present"]) and summary["groups_total"] == 5
    assert summary["inputs"] == len(model["matrix"])
    assert summary["promised"] == len(model["promises"])
    done = sum(1 for item in model["matrix"] if item["decision"] in ("accepted", "partly_accepted")
               and item["followup_status"] == "done")
    assert summary["done"] == done and summary["completion"] == round(100 * done / summary["promised"])
    assert summary["signed_berita_acara"] is False


def test_years_group_a_units_forums_newest_first_and_ignore_the_case_of_its_name(db):
    old = factories.forum(db, title="FKP 2024", date="2024-11-12")
    new = factories.forum(db, title="FKP 2025", date="2025-09-04")
    other = factories.forum(db, title="Unit lain", unit="KPU Kota Mataram", date="2025-10-01")
    unit = forums.get(db, new["id"])["unit"]
    found = review.years(db, unit.upper())
    assert [(year, [f["title"] for f in held]) for year, held in found] == [("2025", ["FKP 2025"]),
                                                                          ("2024", ["FKP 2024"])]
    assert review.years(db, unit, forum_ids={old["id"]}) == [("2024", [review.forum_summary(db, old)])]
    assert {u["name"]: u["forums"] for u in review.units(db)} == {unit: 2, "KPU Kota Mataram": 1}
    assert other["id"] not in [f["id"] for _year, held in found for f in held]


@pytest.mark.office
def test_the_dossier_holds_a_summary_and_each_forums_evidence_in_its_own_folder(db, tmp_path):
    forum, _inputs = factories.full_record(db)
    forum = forums.get(db, forum["id"])
    scans.keep(db, forum, "berita_acara", "ba.pdf", b"%PDF-1.4 signed", user_id=None)
    texts.save(db, forum, forums.services(db, forum["id"])[0]["id"], "legal_basis", None,
               text="Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.")
    summary = review.forum_summary(db, forum)
    assert summary["standard"]["written"] == 1
    body = dossier.dossier_zip(forum["unit"], summary["year"], units.letterhead(db, forum["unit"]), [
        {"summary": summary, "model": minutes.assemble(db, forum),
         "photos": [dict(p) for p in photos.with_data(db, forum["id"])],
         "scans": [dict(s) for s in scans.with_data(db, forum["id"])]}])
    names = zipfile.ZipFile(io.BytesIO(body)).namelist()
    folder = dossier.folder(1, summary)
    assert names[0] == dossier.SUMMARY
    assert f"{folder}00-daftar-isi.txt" in names
    assert any(n.startswith(folder) and "berita-acara" in n and n.endswith(".pdf") for n in names)
    assert any(n.startswith(folder) and "bertanda-tangan" in n for n in names)
    assert not any("internal" in n for n in names)  # never the contact details
    assert f"{folder}standar-pelayanan-{forum['code']}.pdf" in names
    assert f"{folder}perubahan-standar-{forum['code']}.pdf" in names
    text = " ".join(pdf_text(zipfile.ZipFile(io.BytesIO(body)).read(dossier.SUMMARY), tmp_path).split())
    assert "RINGKASAN BUKTI FORUM KONSULTASI PUBLIK" in text and forum["code"] in text
    assert f"{summary['groups_present']} dari 5:" in text and "Halaman 1 dari 1" in text
    assert "Media massa" in text and summary["groups"] == [g for g in summary["groups"] if g != "staff"]
    assert "ada" in text.split("Daftar hadir bertanda tangan", 1)[1]
    info = subprocess.run(["pdfinfo", "-"], input=zipfile.ZipFile(io.BytesIO(body)).read(dossier.SUMMARY),
                          capture_output=True, check=True).stdout.decode()
    assert "Pages:           1" in info
