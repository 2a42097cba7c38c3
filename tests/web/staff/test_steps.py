"""The lifecycle steps through the staff pages: open and pause in one click; close, reopen,
finalise, unfinalise and publish only confirmed on a page that says what they do and what is
still open; the forum page's next steps."""
import json
import re

import pytest

from fkp.forums import forums, lifecycle
from fkp.record import responses
from fkp.store.db import get_db
from tests.helpers import factories
from tests.helpers.a11y import axe_installed, axe_violations, serve_axe
from tests.helpers.app import Actions, csrf_token, skip_or_fail
from tests.helpers.browser import ARTIFACTS, PHONE, join_by_hand, login, mark, not_reloaded, watch_errors

TICK = {"confirm": "y"}
REFUSED_TICK = "Centang kotak ini untuk menyatakan bahwa Anda mengerti akibat langkah ini."


def logged_in(app, username, role):
    client = app.test_client()
    assert Actions(app, client).login(username, f"{username}-password", role=role).status_code == 302
    return client


@pytest.fixture
def admin(app, forum):
    return logged_in(app, "admin", "admin")


@pytest.fixture
def moderator(app, forum):
    return logged_in(app, "moderator", "moderator")


def state(app, forum):
    """(status, seq, audit entries) as stored: what a refused step must leave alone."""
    with app.app_context():
        db = get_db()
        row = forums.get(db, forum["id"])
        return row["status"], row["seq"], db.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def set_status(app, forum, status):
    with app.app_context():
        get_db().execute("UPDATE forums SET status = ? WHERE id = ?", [status, forum["id"]])
        get_db().conn.commit()


def step(client, forum, action, **fields):
    url = f"/staff/forums/{forum['code']}/lifecycle/{action}"
    return client.post(url, data={"csrf_token": csrf_token(client, "/login"), **fields})


def audit(app, forum, action):
    with app.app_context():
        return [(json.loads(b), json.loads(a)) for b, a in get_db().execute(
            "SELECT before_json, after_json FROM audit_log WHERE forum_id = ? AND action = ?",
            [forum["id"], f"forum.{action}"]).fetchall()]


def test_the_whole_lifecycle_through_the_pages(app, admin, forum):
    page = f"/staff/forums/{forum['code']}"
    for action, status, fields in [("pause", "paused", {}), ("open", "open", {}), ("close", "closed", TICK),
                                   ("reopen", "paused", TICK), ("close", "closed", TICK),
                                   ("finalise", "finalised", TICK),
                                   ("unfinalise", "closed", {**TICK, "reason": "Nomor salah."}),
                                   ("finalise", "finalised", TICK), ("publish", "published", TICK)]:
        r = step(admin, forum, action, **fields)
        assert r.status_code == 302 and r.headers["Location"] == page, action
        assert state(app, forum)[0] == status, action
    html = admin.get(page).get_data(as_text=True)
    assert "Status forum sekarang: Dipublikasikan." in html
    for action in ("pause", "open", "close", "reopen", "finalise", "unfinalise", "publish"):
        assert f"forum.{action}" in html  # every step is in the audit log


@pytest.mark.parametrize("action,status", [("close", "open"), ("reopen", "closed"), ("finalise", "closed"),
                                           ("unfinalise", "finalised"), ("publish", "finalised")])
@pytest.mark.parametrize("tick", [None, "", "yes please"])
def test_a_guarded_step_without_its_confirmation_is_refused_and_changes_nothing(app, admin, forum, action,
                                                                                 status, tick):
    set_status(app, forum, status)
    before = state(app, forum)
    fields = {"reason": "Nomor salah."} if action == "unfinalise" else {}
    if tick is not None:
        fields["confirm"] = tick
    r = step(admin, forum, action, **fields)
    html = r.get_data(as_text=True)
    assert r.status_code == 400 and state(app, forum) == before
    # said beside the box, tied to it for a screen reader, and summarised at the top
    assert re.search(r'<input aria-describedby="confirm-error" aria-invalid="true" id="confirm"', html)
    assert f'<p class="error" id="confirm-error">{REFUSED_TICK}</p>' in html
    assert 'id="error-summary"' in html


def test_the_forum_page_leads_to_the_confirmation_pages(app, admin, moderator, forum):
    page = f"/staff/forums/{forum['code']}"
    html = moderator.get(page).get_data(as_text=True)
    # pause stays one click (a form); close is a link to the page that asks
    assert f'action="{page}/lifecycle/pause"' in html
    assert f'href="{page}/lifecycle/close"' in html and f'action="{page}/lifecycle/close"' not in html
    confirm = moderator.get(f"{page}/lifecycle/close").get_data(as_text=True)
    for said in ("Peserta tidak dapat lagi mengirim masukan",
                 "Layar (proyektor) menampilkan bahwa forum telah ditutup.",
                 "Saya mengerti bahwa peserta tidak dapat lagi mengirim masukan setelah forum ditutup.",
                 "Yang masih terbuka"):
        assert said in confirm
    assert f'action="{page}/lifecycle/close"' in confirm and f'href="{page}">Batal</a>' in confirm
    # open and pause have no page
    assert moderator.get(f"{page}/lifecycle/pause").status_code == 404


def test_the_console_asks_too_and_returns_to_the_console(app, moderator, forum):
    console, page = f"/m/{forum['code']}", f"/staff/forums/{forum['code']}"
    html = moderator.get(console).get_data(as_text=True)
    link = re.search(r'<a class="button step-close" href="([^"]+)"', html).group(1)
    assert link == f"{page}/lifecycle/close?next=/m/{forum['code']}"
    confirm = moderator.get(link).get_data(as_text=True)
    action = re.search(r'<form method="post" action="([^"]+)" class="stack step-form"', confirm).group(1)
    r = moderator.post(action.replace("&amp;", "&"), data={"csrf_token": csrf_token(moderator, link), **TICK})
    assert r.status_code == 302 and r.headers["Location"] == console
    assert state(app, forum)[0] == "closed"


def test_publishing_says_what_becomes_public_and_that_it_is_final(app, admin, forum):
    set_status(app, forum, "finalised")
    html = admin.get(f"/staff/forums/{forum['code']}/lifecycle/publish").get_data(as_text=True)
    assert f"/r/{forum['code']}" in html
    for said in ("Halaman hasil menjadi terbuka untuk umum", "tidak pernah menampilkan kontak",
                 "Publikasi tidak dapat dibatalkan."):
        assert said in html


@pytest.fixture
def seeded(app):
    """factories.scenario, closed: four inputs in the record, one never moderated, none decided;
    four unsur present; three services; no conclusion, signatory nor number."""
    with app.app_context():
        forum, inputs = factories.scenario(get_db())
        lifecycle.transition(get_db(), forum, "close", None)
        return forums.get(get_db(), forum["id"]), inputs


def checklist_lines(html):
    """{item: (status word, its text)} of the first checklist on the page."""
    found = re.search(r'<ul class="checklist" id="[\w-]+">([\s\S]*?)</ul>', html).group(1)
    return {key: (word, " ".join(re.sub(r"<[^>]+>", " ", rest).split())) for key, word, rest in re.findall(
        r'<li class="state-\w+" data-item="(\w+)"><strong class="state">([^<]+)</strong>([\s\S]*?)</li>', found)}


def test_finalising_shows_what_is_open_and_asks_for_an_explicit_acceptance(app, seeded):
    forum, _inputs = seeded
    admin = logged_in(app, "admin", "admin")
    page = f"/staff/forums/{forum['code']}/lifecycle/finalise"
    html = admin.get(page).get_data(as_text=True)
    lines = checklist_lines(html)
    assert lines["pending"] == ("Belum", "Dimoderasi: 3 dari 4 masukan — 1 belum dimoderasi Moderasi")
    assert lines["undecided"] == ("Belum", "Tanggapan diputuskan: 0 dari 4 masukan — 4 belum diputuskan Putuskan")
    assert lines["number"] == ("Belum", "Nomor berita acara: belum diisi Isi nomornya")
    assert f'href="/m/{forum["code"]}?status=pending"' in html
    assert f'href="/staff/forums/{forum["code"]}/responses?decision=none"' in html
    assert 'name="accept_open"' in html and "Saya mengerti bahwa 4 masukan belum diputuskan dan 1 belum" in html

    def finalise(**fields):
        r = step(admin, forum, "finalise", **fields)
        return r.status_code, r.get_data(as_text=True)
    before = state(app, forum)
    status, html = finalise(**TICK)  # confirmed, but the open record not accepted
    assert status == 409 and state(app, forum) == before
    assert re.search(r'<p class="error" id="accept_open-error">Catatan belum lengkap: 4 masukan belum '
                     r'diputuskan; 1 masukan belum dimoderasi\.', html)
    status, html = finalise(**TICK, accept_open="yes please")  # not what a checkbox sends
    assert status == 400 and "Centang kotaknya, atau biarkan kosong." in html and state(app, forum) == before
    status, _html = finalise(accept_open="y")  # accepted, not confirmed
    assert status == 400 and state(app, forum) == before
    status, _html = finalise(**TICK, accept_open="y")
    assert status == 302 and state(app, forum)[0] == "finalised"
    (entry,) = audit(app, forum, "finalise")
    assert entry == ({"status": "closed"}, {"status": "finalised", "pending": 1, "undecided": 4,
                                            "accepted_open": True})


def test_a_closed_forum_is_reopened_until_it_is_finalised(app, seeded):
    forum, _inputs = seeded
    moderator = logged_in(app, "moderator", "moderator")
    page = f"/staff/forums/{forum['code']}"
    assert f'href="{page}/lifecycle/reopen"' in moderator.get(page).get_data(as_text=True)
    html = moderator.get(f"{page}/lifecycle/reopen").get_data(as_text=True)
    assert "Forum kembali ke status Dijeda" in html and 'class="checklist"' not in html
    assert step(moderator, forum, "reopen", **TICK).status_code == 302
    assert state(app, forum)[0] == "paused"
    assert audit(app, forum, "reopen") == [({"status": "closed"}, {"status": "paused"})]
    assert step(moderator, forum, "close", **TICK).status_code == 302
    with app.app_context():
        lifecycle.transition(get_db(), forums.get(get_db(), forum["id"]), "finalise", None, accept_open=True)
    before = state(app, forum)
    assert moderator.get(f"{page}/lifecycle/reopen").status_code == 403
    assert step(moderator, forum, "reopen", **TICK).status_code == 403
    assert state(app, forum) == before


def test_only_an_admin_unfinalises_with_a_reason_until_published(app, seeded):
    forum, _inputs = seeded
    with app.app_context():
        lifecycle.transition(get_db(), forum, "finalise", None, accept_open=True)
        finalised_utc = forums.get(get_db(), forum["id"])["finalised_utc"]
    moderator, admin = logged_in(app, "moderator", "moderator"), logged_in(app, "admin", "admin")
    page = f"/staff/forums/{forum['code']}"
    before = state(app, forum)
    assert f"{page}/lifecycle/unfinalise" not in moderator.get(page).get_data(as_text=True)
    assert step(moderator, forum, "unfinalise", **TICK, reason="Nomor salah.").status_code == 403
    assert f'href="{page}/lifecycle/unfinalise"' in admin.get(page).get_data(as_text=True)
    for reason in ("", "   "):
        r = step(admin, forum, "unfinalise", **TICK, reason=reason)
        assert r.status_code in (400, 409) and state(app, forum) == before
        assert ('<p class="error" id="reason-error">Tulis alasan catatan dibuka kembali; alasan itu disimpan '
                'di log audit.</p>') in r.get_data(as_text=True)
    r = step(admin, forum, "unfinalise", **TICK, reason="Penanda tangan unsur media keliru.")
    assert r.status_code == 302 and state(app, forum)[0] == "closed"
    (entry,) = audit(app, forum, "unfinalise")
    assert entry == ({"status": "finalised", "finalised_utc": finalised_utc, "finalised_pending": 1,
                      "finalised_undecided": 4},
                     {"status": "closed", "reason": "Penanda tangan unsur media keliru."})
    # the record is editable again through its page
    url = f"/staff/forums/{forum['code']}/responses"
    assert 'class="response-form' in admin.get(url).get_data(as_text=True)
    assert step(admin, forum, "finalise", **TICK, accept_open="y").status_code == 302
    assert step(admin, forum, "publish", **TICK).status_code == 302
    before = state(app, forum)
    assert admin.get(f"{page}/lifecycle/unfinalise").status_code == 403
    assert step(admin, forum, "unfinalise", **TICK, reason="Terlambat.").status_code == 403
    assert state(app, forum) == before


def test_the_next_steps_on_the_forum_page(app, seeded):
    forum, inputs = seeded
    with app.app_context():
        db = get_db()
        services = forums.services(db, forum["id"])
        responses.save_response(db, forum, inputs["approved_info"]["id"], None, response="Ya.", decision="accepted")
        responses.save_conclusion(db, forum, services[0]["id"], "Disepakati.", None)
        (media,) = db.execute("SELECT id FROM participants WHERE forum_id = ? AND group_code = 'media'",
                              [forum["id"]]).fetchone()
        responses.set_signatory(db, forum, "media", media, None)
        db.execute("UPDATE participants SET group_code = NULL WHERE forum_id = ? AND name = 'Nina Staf'",
                   [forum["id"]])
        db.conn.commit()
    admin = logged_in(app, "admin", "admin")
    page = f"/staff/forums/{forum['code']}"
    html = admin.get(page).get_data(as_text=True)
    panel = html[html.index('id="next-steps-title"'):]
    lines = checklist_lines(panel)
    assert lines == {
        "pending": ("Belum", "Dimoderasi: 3 dari 4 masukan — 1 belum dimoderasi Moderasi"),
        "undecided": ("Belum", "Tanggapan diputuskan: 1 dari 4 masukan — 3 belum diputuskan Putuskan"),
        "conclusions": ("Belum", "Kesimpulan: 1 dari 3 layanan — belum: Layanan Pengaduan Masyarakat; "
                                 "Layanan Data Pemilih Tulis kesimpulan"),
        "signatories": ("Belum", "Penanda tangan: 1 dari 4 unsur yang hadir — belum: Masyarakat pengguna "
                                 "layanan; Instansi terkait; Organisasi masyarakat sipil Pilih penanda tangan"),
        "number": ("Belum", "Nomor berita acara: belum diisi Isi nomornya"),
        "head": ("Selesai", "Pimpinan unit yang menandatangani: Dr. Lalu Ahmad, S.H."),
        "notetaker": ("Belum", "Notulis yang menandatangani notulen: belum ada notulis bernama lengkap "
                               "yang ditugaskan Tugaskan notulis"),
        "no_group": ("Belum", "Peserta yang unsurnya belum ditentukan: 1 Tentukan unsurnya"),
    }
    for link in (f"/staff/forums/{forum['code']}/conclusions#signatories", f"/staff/forums/{forum['code']}/edit",
                 f"/staff/forums/{forum['code']}/attendance#without-group"):
        assert f'href="{link}"' in panel
    # then the next step, which leads to its confirmation page
    assert re.search(rf'Lalu:\s*<a class="button primary" href="{page}/lifecycle/finalise">Finalkan catatan</a>',
                     panel)
    # a note-taker sees the same numbers, and who takes the next step
    notulis = logged_in(app, "notulis", "notulis")
    html = notulis.get(page).get_data(as_text=True)
    assert "<strong>Finalkan catatan</strong> — langkah ini diambil oleh administrator." in html
    assert 'href="/staff/forums/' + forum["code"] + '/responses?status=pending"' in html  # cannot moderate


def test_once_finalised_the_next_steps_warn_what_goes_public_and_only_show(app, seeded):
    forum, _inputs = seeded
    with app.app_context():
        lifecycle.transition(get_db(), forum, "finalise", None, accept_open=True)
    html = logged_in(app, "admin", "admin").get(f"/staff/forums/{forum['code']}").get_data(as_text=True)
    panel = html[html.index('id="next-steps-title"'):]
    lines = checklist_lines(panel)
    assert lines["public_pending"] == ("Perhatian", "1 masukan belum pernah dimoderasi: publikasi menampilkannya "
                                                    "di halaman publik sebagaimana dikirim. Lihat")
    assert lines["undecided"][1].endswith("Lihat") and lines["number"][1] == "Nomor berita acara: belum diisi"
    assert re.search(r'Lalu:\s*<a class="button primary" href="[^"]+/lifecycle/publish">Publikasikan hasil</a>',
                     panel)


def test_a_draft_has_no_next_steps_panel(app, admin, forum):
    set_status(app, forum, "draft")
    assert 'id="next-steps"' not in admin.get(f"/staff/forums/{forum['code']}").get_data(as_text=True)


def test_the_guarded_steps_in_a_browser(live_server, contexts, tmp_path):
    """close → reopen (then open: a phone sends again without reloading) → close → finalise
    (checklist shown, refused until the open record is accepted) → unfinalise with a reason →
    finalise → publish, by a person clicking; axe finds nothing serious on the pages that ask.
    Screenshots of the finalise page and the next steps, at 1280 and 390 px, in test-artifacts/."""
    if not axe_installed():
        skip_or_fail("axe-core is not installed (scripts/test installs it with npm)")
    url, code, errors, found = live_server.url, live_server.code, [], []
    live_server.cli("create-user", "admin", "--role", "admin", password="admin-pass")
    ARTIFACTS.mkdir(exist_ok=True)
    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    join_by_hand(phone, url, code)
    phone.fill("#text", "Mohon loket khusus penyandang disabilitas.")
    phone.click("#send")
    phone.wait_for_selector("#mine li")  # one input never moderated: the record is not complete
    mark(phone)
    ctx = contexts(viewport={"width": 1280, "height": 900})
    serve_axe(ctx)
    staff = ctx.new_page()
    watch_errors(staff, errors)
    login(staff, url, "admin", "admin-pass")
    forum_page = f"{url}/staff/forums/{code}"

    def take(action, tick=True, **fill):
        """From the forum page: the step's link, its page, the box ticked, the button."""
        staff.goto(forum_page)
        staff.click(f"a.step-{action}")
        staff.wait_for_url(f"**/lifecycle/{action}")
        for selector, value in fill.items():
            staff.fill(f"#{selector}", value)
        if tick:
            staff.check("#confirm")
        staff.click("#confirm-step")
        staff.wait_for_load_state()

    def status():
        return staff.locator(".forum-status-line strong, #lifecycle-title").first.inner_text()

    take("close", tick=False)  # not ticked: refused beside the box, nothing changed
    assert staff.locator("#confirm-error").is_visible()
    found.extend(axe_violations(staff))
    staff.check("#confirm")
    staff.click("#confirm-step")
    staff.wait_for_url(forum_page)
    assert "Ditutup" in status()
    phone.wait_for_function("document.getElementById('send').disabled")
    take("reopen")
    staff.wait_for_url(forum_page)
    assert "Dijeda" in status()
    staff.click("form.step-open button")  # open stays one click
    staff.wait_for_url(forum_page)
    phone.wait_for_function("!document.getElementById('send').disabled")
    assert not_reloaded(phone)
    take("close")
    staff.wait_for_url(forum_page)
    found.extend(axe_violations(staff))
    for width in (1280, 390):
        staff.set_viewport_size({"width": width, "height": 900})
        staff.locator("section.next-steps").screenshot(path=str(ARTIFACTS / f"next-steps-{width}.png"))
    staff.set_viewport_size({"width": 1280, "height": 900})

    take("finalise")  # confirmed, but the incomplete record not accepted
    assert staff.locator("#accept_open-error").is_visible()
    assert staff.locator("#checklist li[data-item=pending] .state").inner_text() == "Belum"
    found.extend(axe_violations(staff))
    for width in (1280, 390):
        staff.set_viewport_size({"width": width, "height": 900})
        staff.screenshot(path=str(ARTIFACTS / f"finalise-confirm-{width}.png"), full_page=True)
    staff.set_viewport_size({"width": 1280, "height": 900})
    staff.check("#accept_open")
    staff.check("#confirm")
    staff.click("#confirm-step")
    staff.wait_for_url(forum_page)
    assert "Difinalkan" in status()

    take("unfinalise", reason="")  # no reason: refused beside the field
    assert staff.locator("#reason-error").is_visible()
    found.extend(axe_violations(staff))
    staff.fill("#reason", "Penanda tangan unsur media keliru.")
    staff.check("#confirm")
    staff.click("#confirm-step")
    staff.wait_for_url(forum_page)
    assert "Ditutup" in status() and "forum.unfinalise" in staff.content()
    staff.goto(forum_page)
    staff.click("a.step-finalise")
    staff.check("#accept_open")
    staff.check("#confirm")
    staff.click("#confirm-step")
    staff.wait_for_url(forum_page)
    take("publish")
    staff.wait_for_url(forum_page)
    assert "Dipublikasikan" in status()
    assert phone.context.new_page().goto(f"{url}/r/{code}").status == 200
    assert found == [], "\n".join(found)
    assert [e for e in errors if "Failed to load resource" not in e] == []
