"""The documents "for publication": every official document has a version that names only the
people who agreed to be named publicly, names the online meeting by its platform (never its
link, which may carry the passcode) and, like every document but the internal list, leaves
hidden input out. The versions for the archive still name everyone."""
import csv
import io
import subprocess

import openpyxl
import pytest

from fkp.exports import registry
from fkp.forums import forums
from fkp.record import minutes
from tests.helpers import factories
from tests.helpers.documents import xml_text

LINK = "https://us02web.zoom.us/j/8123456789?pwd=RahasiaSekali"
DECLINED = ["Baiq Nurul", "Siti Aminah", "Prof. Hasan", "Partai Contoh", "Lombok Post"]
PUBLICATIONS = sorted((name, fmt) for name, fmt in registry.DOCUMENTS if name.endswith(registry.PUBLICATION))


@pytest.fixture
def forum(db):
    forum, inputs = factories.full_record(db)
    db["forums"].update(forum["id"], {"mode": "hybrid", "online_url": LINK})
    db.conn.commit()
    return forums.get(db, forum["id"]), inputs


def text_of(body, fmt, tmp_path):
    if fmt == "docx":
        return xml_text(body)
    if fmt == "csv":
        return "\n".join(";".join(row) for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    if fmt == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(body))
        return "\n".join(str(cell) for sheet in book for row in sheet.iter_rows(values_only=True)
                         for cell in row if cell is not None)
    path = tmp_path / "doc.pdf"
    path.write_bytes(body)
    return " ".join(subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


def test_every_official_document_has_a_version_for_publication():
    official = {(name, fmt) for (name, fmt), d in registry.DOCUMENTS.items() if d.audience == "official"}
    assert {(name + registry.PUBLICATION, fmt) for name, fmt in official} == set(PUBLICATIONS)
    assert all(registry.DOCUMENTS[key].audience == "public" for key in PUBLICATIONS)


def test_the_public_model_names_the_platform_not_the_link(db, forum):
    model = minutes.assemble(db, forum[0], "public")["forum"]
    assert model["online_url"] == "" and model["online_platform"] == "Zoom"
    assert model["venue"].endswith("secara daring melalui Zoom")
    assert minutes.platform("https://meet.google.com/abc-defg-hij") == "Google Meet"
    assert minutes.platform("https://rapat.kpu.go.id/r/1?pin=4") == "rapat daring"


@pytest.mark.parametrize("name, fmt", PUBLICATIONS)
def test_a_publication_names_nobody_who_declined_and_no_link(db, forum, name, fmt, tmp_path):
    body = registry.build(minutes.models(db, forum[0]), name, fmt)
    text = text_of(body, fmt, tmp_path)
    for secret in [*DECLINED, "RahasiaSekali", "zoom.us/j", "Masukan yang disembunyikan moderator."]:
        assert secret not in text, f"{name}.{fmt} prints {secret!r}"
    if name.startswith(("berita-acara", "daftar-hadir")):
        assert "Rina Publik" in text  # she agreed to be named publicly
    if name.startswith(("matriks", "notulen")):
        assert "Sediakan formulir permohonan informasi secara daring." in text  # the input stays


@pytest.mark.parametrize("name, fmt", [("berita-acara", "docx"), ("matriks", "csv"), ("daftar-hadir", "xlsx")])
def test_the_archive_version_still_names_everyone(db, forum, name, fmt, tmp_path):
    text = text_of(registry.build(minutes.models(db, forum[0]), name, fmt), fmt, tmp_path)
    assert "Baiq Nurul" in text or "Siti Aminah" in text
    assert "Masukan yang disembunyikan moderator." not in text
