"""The install an office makes: the wheel in a fresh virtual environment, in an empty folder,
with no checkout anywhere on the path; then `fkp serve`, a phone joining and giving input
through the API, and a Berita Acara exported, as the README's "Install for an office" says."""
import os
import re
import socket
import subprocess
import time
import zipfile
from pathlib import Path

import docx
import pytest
import requests

from tests.helpers.app import free_port
from tests.helpers.package import ROOT, project_files

pytestmark = pytest.mark.server


@pytest.fixture
def installed(installed_env):
    """The office's environment: the wheel (built from what the container's build copies, which
    is every file of the package: the first test checks it) installed, shared with the image's
    test (tests/serve/conftest.py); its bin folder."""
    return installed_env[0]


def test_the_wheel_carries_every_file_the_app_reads(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    # every file of the package that is not Python: templates, static files, word lists, catalogs
    wanted = {name for name in project_files() if name.startswith("fkp/") and not name.endswith(".py")}
    assert wanted - names == set()
    assert "fkp/language/translations/id/LC_MESSAGES/messages.mo" in names  # compiled at build
    assert not [name for name in names if name.startswith(("tests/", "scripts/", "data/", "instance/"))]
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "fkp = fkp.__main__:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


def _office_env(home, bin_dir):
    """What a fresh login has: a home folder, the venv's commands, no FKP_* setting, no checkout."""
    keep = {k: v for k, v in os.environ.items() if k in ("LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR")}
    return {**keep, "HOME": str(home), "PATH": f"{bin_dir}{os.pathsep}/usr/bin:/bin", "PYTHONUNBUFFERED": "1"}


def _fkp(bin_dir, env, cwd, *args):
    return subprocess.run([str(bin_dir / "fkp"), *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=True).stdout


def _wait_until_serving(process, port, log):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError("fkp serve exited:\n" + log.read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("fkp serve did not listen:\n" + log.read_text())


def test_installed_fkp_serves_the_demo_takes_input_and_exports_a_berita_acara(installed, tmp_path):
    home, folder = tmp_path / "home", tmp_path / "empty"
    home.mkdir()
    folder.mkdir()
    env = _office_env(home, installed)
    assert re.fullmatch(r"fkp \d+\.\d+\.\d+\S*", _fkp(installed, env, folder, "--version").strip())
    site = next((installed.parent / "lib").glob("python3*/site-packages"))
    package_before = {p for p in (site / "fkp").rglob("*") if "__pycache__" not in p.parts}

    port, tls_port = free_port(), free_port()
    log = tmp_path / "serve.log"
    process = subprocess.Popen([str(installed / "fkp"), "serve", "--host", "127.0.0.1", "--port", str(port),
                                "--tls-port", str(tls_port)], env=env, cwd=folder,
                               stdout=log.open("w"), stderr=subprocess.STDOUT)
    try:
        _wait_until_serving(process, port, log)
        out = log.read_text()
        code = re.search(r"code ([A-Z0-9]{6})", out).group(1)
        url = f"http://127.0.0.1:{port}"
        # the join page is in Indonesian: the catalog compiled into the wheel is found
        page = requests.get(f"{url}/j/{code}", timeout=10)
        assert page.status_code == 200 and "Bergabung ke forum" in page.text, page.text[:500]
        r = requests.post(f"{url}/api/v1/forums/{code}/participants", timeout=10, json={
            "name": "Rina Wulandari", "institution": "JPPR NTB", "group": "civil_society", "consent": True})
        assert r.status_code == 201, r.text
        token = r.json()["token"]
        forum = requests.get(f"{url}/api/v1/forums/{code}", timeout=10).json()
        r = requests.post(f"{url}/api/v1/forums/{code}/comments", timeout=10, headers={
            "Authorization": f"Bearer {token}"}, json={
            "service_id": forum["services"][0]["id"], "aspect_id": forum["aspects"][0]["id"],
            "kind": "suggestion", "text": "Jam layanan diperpanjang sampai sore.", "client_id": "wheel-1"})
        assert r.status_code == 201, r.text
    finally:
        process.terminate()
        process.wait(30)

    # The data lives in this user's data folder, never in the package or the current folder.
    data = home / ".local" / "share" / "fkp"
    assert (data / "data" / "fkp.db").is_file()
    assert (data / "instance" / "secret_key").is_file() and (data / "instance" / "tls.pem").is_file()
    assert not (data / "instance" / "translations").exists()  # the wheel's .mo is used as it is
    assert list(folder.iterdir()) == []
    assert {p for p in (site / "fkp").rglob("*") if "__pycache__" not in p.parts} == package_before

    document = tmp_path / "berita-acara.docx"
    _fkp(installed, env, folder, "export", code, "--document", "berita-acara", "--format", "docx",
         "-o", str(document))
    text = "\n".join(p.text for p in docx.Document(str(document)).paragraphs)
    assert "BERITA ACARA" in text.upper() and "Komisi Pemilihan Umum Provinsi Nusa Tenggara Barat" in text


def test_fkp_home_chooses_where_the_data_lives(installed, tmp_path):
    env = {**_office_env(tmp_path, installed), "FKP_HOME": str(tmp_path / "kantor")}
    out = _fkp(installed, env, tmp_path, "demo")
    assert re.search(r"demo forum: [A-Z0-9]{6}", out)
    assert (tmp_path / "kantor" / "data" / "fkp.db").is_file()
    assert not (tmp_path / ".local").exists()


def test_the_checkout_is_nowhere_on_the_installed_path(installed):
    out = subprocess.run([str(installed / "python"), "-c", "import fkp, sys; print(fkp.__file__)"],
                         cwd=installed, capture_output=True, text=True, check=True,
                         env={"PATH": "/usr/bin:/bin"}).stdout
    assert not Path(out.strip()).is_relative_to(ROOT)
