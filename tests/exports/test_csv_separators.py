"""A CSV export read by a spreadsheet that splits on "," or on ";" (Excel on Indonesian
systems) shows attendee text as text: no cell of it becomes a formula (issue 15, finding 5).
Checked by LibreOffice Calc itself, with formulas evaluated on import."""
import csv
import io
import shutil
import subprocess

import pytest

from fkp.exports import csv as csv_export
from tests.exports.test_spreadsheets import calc_missing
from tests.helpers.app import skip_or_fail

HOSTILE = ["halo;=111+222", "setuju,=222+222", 'ya;"=222+333', "=333+333", "catatan;@SUM(500;77)",
           "jam 08.00-12.00, -5"]
EVALUATED = {"333", "444", "555", "666", "577"}  # what those formulas would show


def model():
    item = {"service_name": "Layanan", "aspect_label": "Persyaratan", "kind_label": "Saran", "name": "A",
            "institution": "B", "group_label": "Media massa", "channel_label": "Ponsel",
            "status_label": "Ditampilkan", "created_utc": "2026-11-12T02:00:00+00:00"}
    return {"forum": {"time_zone": "WITA"}, "all_inputs": [dict(item, text=t) for t in HOSTILE]}


def cells_read_by_calc(body, separator, tmp_path):
    """The cells LibreOffice Calc makes of a CSV split on `separator`, formulas evaluated."""
    soffice = shutil.which("soffice")
    if not soffice:
        skip_or_fail("LibreOffice (soffice) is not installed: CSV import not checked")
    if calc_missing(soffice):
        skip_or_fail("LibreOffice Calc is not installed (Debian: libreoffice-calc-nogui)")
    source, out = tmp_path / "masukan.csv", tmp_path / f"out{ord(separator)}"
    source.write_bytes(body)
    # import: separator, '"', UTF-8, from line 1, standard columns, language, quoted as text
    # no, detect numbers, -, -, -, -, evaluate formulas yes; export: "," and '"', UTF-8
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                    f"--infilter=CSV:{ord(separator)},34,76,1,,0,false,true,false,false,false,-1,true",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(out),
                    str(source)], check=True, timeout=120, capture_output=True)
    [result] = out.glob("*.csv")
    return [cell for row in csv.reader(io.StringIO(result.read_text("utf-8-sig"))) for cell in row]


@pytest.mark.office
@pytest.mark.parametrize("separator", [",", ";"])
def test_no_cell_becomes_a_formula_whichever_separator_the_spreadsheet_uses(tmp_path, separator):
    cells = cells_read_by_calc(csv_export.comments_csv(model()), separator, tmp_path)
    assert not EVALUATED & set(cells), f"evaluated: {sorted(EVALUATED & set(cells))}"
    text = " ".join(cells)
    for formula in ("=111+222", "=222+222", "=222+333", "=333+333", "@SUM(500"):
        assert formula in text  # shown as written, as text


def test_the_csv_starts_with_a_bom_and_quotes_every_field():
    body = csv_export.comments_csv(model())
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert all(line.startswith('"') and line.endswith('"') for line in lines)
    assert '"halo; =111+222"' in lines[1] and "\"'=333+333\"" in lines[4]
