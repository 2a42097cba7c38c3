"""Reading generated documents back as staff would: the XML inside a DOCX, a table's cells,
the first page as LibreOffice renders it, and the contact details that must never appear."""
import io
import shutil
import subprocess
import zipfile

from PIL import Image

from tests.helpers import factories
from tests.helpers.app import skip_or_fail

CONTACTS = (factories.PHONE, factories.EMAIL, "0819-PUBLIK", "hasan@example.org")


def xml_text(body):
    """Every XML part of the DOCX, as one string, to search for what must not be there."""
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.endswith((".xml", ".rels")))


def document_xml(body):
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        return archive.read("word/document.xml").decode("utf-8")


def unique_cells(table):
    seen, cells = set(), []
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen.add(id(cell._tc))
                cells.append(cell)
    return cells


def pdf_text(body, tmp_path, mode="-raw"):
    """The text of PDF bytes as poppler's pdftotext reads it (content order by default).
    Skips locally, fails in CI, without poppler."""
    if not shutil.which("pdftotext"):
        skip_or_fail("poppler's pdftotext is not installed: PDF text not checked")
    source = tmp_path / "document-text.pdf"
    source.write_bytes(body)
    return subprocess.run(["pdftotext", mode, str(source), "-"], check=True, capture_output=True,
                          timeout=120).stdout.decode("utf-8")


def render_first_page(body, tmp_path, name):
    """Convert DOCX bytes to PDF with LibreOffice and render its first page at 40 dpi:
    (pdf path, share of dark pixels on page 1). Skips locally, fails in CI, without the tools."""
    soffice = shutil.which("soffice")
    if not soffice:
        skip_or_fail("LibreOffice (soffice) is not installed: DOCX-to-PDF conversion not checked")
    if not shutil.which("pdftoppm"):
        skip_or_fail("poppler's pdftoppm is not installed: the rendered page is not checked")
    source = tmp_path / f"{name}.docx"
    source.write_bytes(body)
    # A private profile: parallel runs sharing the default one block each other.
    profile = (tmp_path / f"lo-profile-{name}").as_uri()
    subprocess.run([soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, timeout=120, capture_output=True)
    pdf = tmp_path / f"{name}.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / f"{name}-page")], check=True, timeout=60, capture_output=True)
    (png,) = tmp_path.glob(f"{name}-page*.png")
    with Image.open(png) as image:
        histogram = image.convert("L").histogram()  # pixel counts per grey level 0..255
    return pdf, sum(histogram[:128]) / sum(histogram)
