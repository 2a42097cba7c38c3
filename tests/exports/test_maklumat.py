"""The Maklumat Pelayanan: the unit's pledge for the services the forum consulted, signed by
the head of the unit, in Word (and through LibreOffice) and as a PDF, in Indonesian only."""
import io
import re
import subprocess

import docx
import pytest

from fkp.exports import registry
from fkp.exports.docx.maklumat import PLEDGE, maklumat
from fkp.exports.pdf.maklumat import maklumat_pdf
from fkp.forums import forums, units
from fkp.record import minutes
from tests.exports.test_naskah_dinas import HEAD_NIP, all_text, official  # noqa: F401 - a fixture
from tests.helpers import factories
from tests.helpers.documents import pdf_text, render_first_page

# Words an English text could not do without; none belongs in an Indonesian naskah dinas.
ENGLISH = re.compile(r"\b(the|and|of|for|with|service|pledge|page|date|signed)\b", re.IGNORECASE)


def _model(db, forum):
    return minutes.assemble(db, forums.get(db, forum["id"]), audience="public")


def test_the_word_maklumat_pledges_the_consulted_services_under_the_head(db, official):  # noqa: F811
    text = all_text(docx.Document(io.BytesIO(maklumat(_model(db, official)))))
    assert "MAKLUMAT PELAYANAN" in text and PLEDGE in text
    for service in forums.services(db, official["id"]):
        assert service["name"] in text
    # signed when the standard is set: the unit's city, a date left to write, the head and NIP
    assert re.search(r"Mataram, \.{10,}", text)
    assert official["head_name"] in text and f"NIP. {HEAD_NIP}" in text
    assert "pada hari Kamis, 4 September 2025" in text  # the forum that drafted the standard
    assert not ENGLISH.search(text.replace(factories.TITLE, ""))


def test_it_is_one_public_text_with_no_publication_copy():
    assert registry.DOCUMENTS[("maklumat", "docx")].audience == "public"
    assert ("maklumat" + registry.PUBLICATION, "docx") not in registry.DOCUMENTS


@pytest.mark.office
def test_libreoffice_opens_the_word_maklumat_on_one_page(db, official, tmp_path):  # noqa: F811
    pdf, ink = render_first_page(maklumat(_model(db, official)), tmp_path, "maklumat")
    assert ink > 0.005
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "MAKLUMAT PELAYANAN" in text and "Halaman 1 dari 1" in text
    assert "KOMISI PEMILIHAN UMUM" in text and f"NIP. {HEAD_NIP}" in text


@pytest.mark.office
def test_the_pdf_maklumat_says_what_the_word_one_says(db, official, tmp_path):  # noqa: F811
    model = _model(db, official)
    text = pdf_text(maklumat_pdf(model), tmp_path)
    lines = text.splitlines()
    assert lines[:2] == ["KOMISI PEMILIHAN UMUM", "KPU PROVINSI NTB"]  # the kop first
    flat = " ".join(text.split())
    assert PLEDGE in flat and "Maklumat ini berlaku untuk layanan:" in flat
    assert official["head_name"] in flat and f"NIP. {HEAD_NIP}" in flat and "Halaman 1 dari 1" in flat
    assert not ENGLISH.search(flat.replace(factories.TITLE, ""))


def test_the_maklumat_of_a_unit_without_letterhead_leaves_the_place_to_write(db):
    forum, _inputs = factories.scenario(db)
    units.letterhead(db, forum["unit"])
    text = all_text(docx.Document(io.BytesIO(maklumat(_model(db, forum)))))
    assert re.search(r"\.{10,}, \.{10,}", text)
