"""The revised Standar Pelayanan (the decree's attachment) and the table of its changes, read
back from Word, LibreOffice and poppler as the office that signs them would."""
import io
import re
import subprocess

import docx
import pytest

from fkp.exports import registry
from fkp.exports.docx.standard import DRAFT_MARK, perubahan_standar, standar_pelayanan
from fkp.exports.pdf.standard import perubahan_standar_pdf, standar_pelayanan_pdf
from fkp.forums import forums
from fkp.record import minutes
from fkp.standards import texts
from tests.exports.test_naskah_dinas import all_text
from tests.helpers import factories
from tests.helpers.documents import pdf_text, render_first_page

ENGLISH = re.compile(r"\b(the|and|of|for|with|service|delivery|manufacturing|draft|final|reason)\b",
                     re.IGNORECASE)
FINAL = "Persyaratan cukup KTP elektronik dan surat permohonan."


@pytest.fixture
def model(db):
    """The full record with one text revised on an accepted input and one internal component
    written; everything else still at its draft or empty."""
    forum, inputs = factories.full_record(db)
    forum = forums.get(db, forum["id"])
    cited = inputs["approved_info_2"]
    db.execute("UPDATE forums SET status = 'closed' WHERE id = ?", [forum["id"]])
    db.conn.commit()
    forum = forums.get(db, forum["id"])
    texts.save(db, forum, cited["service_id"], "requirements", None, text=FINAL, input_ids=[cited["id"]])
    texts.save(db, forum, cited["service_id"], "legal_basis", None,
               text="Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik.")
    return minutes.assemble(db, forums.get(db, forum["id"]), audience="public"), cited


def test_the_standard_is_the_decrees_attachment_in_two_parts_per_service(model):
    built, cited = model
    text = all_text(docx.Document(io.BytesIO(standar_pelayanan(built))))
    assert text.startswith("LAMPIRAN\nKEPUTUSAN KETUA KPU PROVINSI NTB")
    assert text.count("STANDAR PELAYANAN\n") == len(built["standard"])
    assert "KOMPONEN STANDAR PELAYANAN YANG TERKAIT DENGAN PROSES PENYAMPAIAN PELAYANAN" in text
    assert "PENGELOLAAN PELAYANAN DI INTERNAL ORGANISASI" in text
    assert FINAL in text and "Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik." in text
    # a component with a draft and no final text yet is printed as the draft, marked so
    assert f"KTP dan surat permohonan{DRAFT_MARK}" in text  # a line break between them in Word
    assert "Evaluasi kinerja pelaksana" in text  # all fourteen, the internal ones too
    assert not ENGLISH.search(text.replace(factories.TITLE, ""))


def test_the_changes_table_gives_draft_final_state_and_the_inputs_behind_a_change(model):
    built, cited = model
    document = docx.Document(io.BytesIO(perubahan_standar(built)))
    rows = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    revised = next(r for r in rows if r[3] == FINAL)
    assert revised[1] == "Persyaratan" and revised[2] == "KTP dan surat permohonan" and revised[4] == "Diubah"
    decided = next(item for item in built["matrix"] if item["id"] == cited["id"])["decision_label"]
    assert revised[5].startswith(f"Masukan #{cited['id']}: {cited['text']} — {decided or 'Belum diputuskan'}.")
    assert sum(1 for r in rows if r[1] == "Dasar hukum" and r[4] == "Diubah") == 1
    assert any(r[4] == "Belum ditulis" for r in rows)
    assert not ENGLISH.search(all_text(document).replace(factories.TITLE, ""))


def test_both_are_public_texts_with_a_pdf_each():
    for name in ("standar-pelayanan", "perubahan-standar"):
        assert {fmt for n, fmt in registry.DOCUMENTS if n == name} == {"docx", "pdf"}
        assert registry.DOCUMENTS[(name, "docx")].audience == "public"


@pytest.mark.office
def test_the_pdfs_say_what_the_word_documents_say(model, tmp_path):
    built, cited = model
    flat = " ".join(pdf_text(standar_pelayanan_pdf(built), tmp_path).split())
    assert "STANDAR PELAYANAN" in flat and FINAL in flat and DRAFT_MARK in flat
    assert "TENTANG STANDAR PELAYANAN PADA" in flat
    flat = " ".join(pdf_text(perubahan_standar_pdf(built), tmp_path).split())
    assert "TABEL PERUBAHAN STANDAR PELAYANAN HASIL FORUM KONSULTASI PUBLIK" in flat
    assert f"Masukan #{cited['id']}" in flat and "Diubah" in flat
    assert not ENGLISH.search(flat.replace(factories.TITLE, ""))


@pytest.mark.office
@pytest.mark.parametrize("writer", [standar_pelayanan, perubahan_standar])
def test_libreoffice_opens_them(model, writer, tmp_path):
    built, _cited = model
    pdf, ink = render_first_page(writer(built), tmp_path, writer.__name__)
    assert ink > 0.005
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "STANDAR PELAYANAN" in text and "Halaman 1 dari" in text
