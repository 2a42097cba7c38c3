"""The revised standard in Chromium against a served app, as a note-taker writes it after the
forum: from the forum page to the overview, into one component, tick the accepted input that
led to the change, write the final text, save; the overview shows it revised and counted, and
the responses page marks the input as used in that text. No console or CSP error, no serious
axe finding; screenshots
in test-artifacts/ to look at."""
from types import SimpleNamespace

import pytest

from fkp.forums import forums
from fkp.standards import texts
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.a11y import axe_installed, axe_violations, serve_axe
from tests.helpers.app import LiveServer, skip_or_fail
from tests.helpers.browser import ARTIFACTS, LAPTOP, login, watch_errors

FINAL = ("Permohonan informasi dapat diajukan secara daring melalui formulir di laman resmi "
         "atau langsung di meja layanan.")


@pytest.fixture
def site(tmp_path):
    if not axe_installed():
        skip_or_fail("axe-core is not installed (scripts/test installs it with npm)")
    server = LiveServer(tmp_path)

    def fill(db, _demo):
        forum, inputs = factories.full_record(db)
        return forum, inputs, forums.services(db, forum["id"])[0]
    (forum, inputs, service), app = server.seed(fill)
    server.add_notetaker(forum["code"], "staf", "staf-pass-1234")
    server.start()
    yield SimpleNamespace(url=server.url, code=forum["code"], forum_id=forum["id"], service=service,
                          info=inputs["approved_info"]["id"], app=app)
    server.stop()


def test_write_a_final_text_citing_an_input_and_see_it_everywhere(site, contexts):
    errors = []
    ctx = contexts(**LAPTOP)
    serve_axe(ctx)
    page = ctx.new_page()
    watch_errors(page, errors)
    login(page, site.url, "staf", "staf-pass-1234")
    page.goto(f"{site.url}/staff/forums/{site.code}")
    page.click("text=Standar pelayanan hasil FKP")
    page.wait_for_url(f"**/staff/forums/{site.code}/standard")
    assert "Teks akhir: 0 dari 42 komponen" in page.inner_text("#completeness")

    cell = f"#s{site.service['id']}-procedure"
    page.click(f"{cell} a")
    page.wait_for_url(f"**/standard/{site.service['id']}/procedure")
    assert page.inner_text("h1") == "Sistem, mekanisme, dan prosedur — Layanan Permohonan Informasi Publik"
    card = page.locator(".standard-input", has=page.locator(f"#input-{site.info}"))
    assert "Diterima" in card.inner_text() and "Tanggapan untuk approved_info." in card.inner_text()
    found = axe_violations(page)
    page.check(f"#input-{site.info}")
    page.fill("#text", FINAL)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "standard-edit-1366.png"), full_page=True)
    page.click("button:has-text('Simpan teks akhir')")
    page.wait_for_url(f"**/standard#s{site.service['id']}-procedure")

    assert "Tersimpan: Sistem, mekanisme, dan prosedur — Layanan Permohonan Informasi Publik." in page.inner_text(
        ".flashes")
    assert "Teks akhir: 1 dari 42 komponen" in page.inner_text("#completeness")
    assert page.inner_text(cell).split() == ["Diubah", "1", "masukan"]
    page.screenshot(path=str(ARTIFACTS / "standard-overview-1366.png"), full_page=True)
    found += axe_violations(page)
    with site.app.app_context():
        saved = texts.entry(get_db(), site.forum_id, site.service["id"], "procedure")[1]
    assert (saved["state"], saved["final"], [i["id"] for i in saved["inputs"]]) == ("revised", FINAL, [site.info])

    page.goto(f"{site.url}/staff/forums/{site.code}/responses")
    cited = page.inner_text(f"#cited-{site.info}")
    assert cited == "Dipakai di: Sistem, mekanisme, dan prosedur — Layanan Permohonan Informasi Publik"
    page.locator(f"#c{site.info}").screenshot(path=str(ARTIFACTS / "standard-cited-in-1366.png"))
    page.click(f"#cited-{site.info} a")
    page.wait_for_url(f"**/standard/{site.service['id']}/procedure")
    assert page.input_value("#text") == FINAL and page.is_checked(f"#input-{site.info}")
    assert found == [] and errors == []
