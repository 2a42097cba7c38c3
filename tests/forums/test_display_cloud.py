"""The projector's word cloud (display mode "cloud"): set by form and by socket like every mode,
its data from /d/CODE/cloud (approved input of the focused service × aspect, restricted words
never), and in a real browser at 1080p: every word inside the screen, no two overlapping, live
when the focus moves (screenshots in test-artifacts/screens/)."""
import random
import re

from fkp.forums import display as screen
from fkp.forums import forums
from fkp.inputs import comments, moderation
from fkp.people import participants, users
from fkp.store.db import get_db
from tests.helpers.app import csrf_token, make_app
from tests.helpers.browser import ARTIFACTS, open_console, open_display


def seed(app, code, texts_by_aspect, status="approved"):
    """Approved inputs on the first service: {aspect index: [text]}; returns (forum, services, aspects)."""
    with app.app_context():
        db = get_db()
        forum = forums.get_by_code(db, code)
        services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
        row = db.execute("SELECT id FROM users WHERE username = 'seeder'").fetchone()
        moderator = row[0] if row else users.create(db, "seeder", "seeder-password", "moderator")
        people = [participants.join(db, forum, name=f"Peserta {n}", institution="JPPR NTB",
                                    group="civil_society", consent=True)[0] for n in range(5)]
        n = db.execute("SELECT count(*) FROM comments").fetchone()[0]
        for index, texts in texts_by_aspect.items():
            for text in texts:
                n += 1
                c, _ = comments.submit(db, forum, people[n % len(people)], service_id=services[0]["id"],
                                       aspect_id=aspects[index]["id"], kind="suggestion", text=text,
                                       client_id=f"cloud-{n}")
                if status == "approved":
                    moderation.approve(db, forum, c["id"], moderator)
        return forums.get(db, forum["id"]), services, aspects


def focus(app, forum, service, aspect):
    with app.app_context():
        forums.set_focus(get_db(), forums.get(get_db(), forum["id"]), service["id"], aspect["id"])


def test_the_cloud_is_set_by_socket_and_by_form(app, client, actions, forum, sockets):
    actions.login()
    moderator = sockets(client, forum=forum["code"], view="moderator")
    display = sockets(forum=forum["code"], view="display")
    display.get_received("/live")
    ack = moderator.emit("set_display", {"mode": "cloud"}, namespace="/live", callback=True)
    assert ack["ok"]
    [event] = [m["args"][0] for m in display.get_received("/live") if m["name"] == "display_changed"]
    assert event["mode"] == "cloud" and event["seq"] == ack["seq"]
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert 'id="screen" data-mode="cloud"' in page

    console = f"/m/{forum['code']}"
    token = csrf_token(client, console)
    assert client.post(f"{console}/display", data={"csrf_token": token, "mode": "feed"}).status_code == 302
    r = client.post(f"{console}/display", data={"csrf_token": token, "mode": "cloud"})
    assert r.status_code == 302 and r.headers["Location"] == console
    with app.app_context():
        assert forums.get(get_db(), forum["id"])["display_mode"] == "cloud"
    html = client.get(console).get_data(as_text=True)
    [pressed] = re.findall(r'data-display-mode="(\w+)">[^\n]*aria-pressed="true"', html)
    assert pressed == "cloud" and 'id="display-now">Awan kata<' in html


def test_the_cloud_data_follows_approved_input_the_focus_and_the_restricted_words(app, client, forum):
    forum, services, aspects = seed(app, forum["code"], {
        0: ["Antrian loket terlalu lama, petugas kurang", "Antrian panjang, mohon loket ditambah",
            "Petugasnya bangsat dan antrian kacau"],
        1: ["Biaya fotokopi tidak jelas"]})
    seed(app, forum["code"], {0: ["Rahasia belum dimoderasi"]}, status="pending")
    focus(app, forum, services[0], aspects[0])
    r = client.get(f"/d/{forum['code']}/cloud")
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    cloud = r.get_json()
    with app.app_context():
        assert cloud["seq"] == forums.get(get_db(), forum["id"])["seq"]
    assert cloud["title"] == f"Awan kata: {services[0]['name']} — {aspects[0]['label']}"
    assert cloud["focused"] and cloud["note"] == "" and cloud["inputs"] == 3
    assert cloud["words"][0] == {"word": "antrian", "count": 3, "weight": 1.0, "label": "3 masukan"}
    words = [w["word"] for w in cloud["words"]]
    assert {"loket", "kurang", "mohon", "petugas"} <= set(words)
    assert not {"bangsat", "biaya", "rahasia", "dan"} & set(words)

    focus(app, forum, services[0], aspects[1])
    cloud = client.get(f"/d/{forum['code']}/cloud").get_json()
    assert [w["word"] for w in cloud["words"]] == ["biaya", "fotokopi", "jelas", "tidak"]
    with app.app_context():  # a forum before any focus: every approved input, and it says so
        get_db().execute("UPDATE forums SET focus_service_id = NULL, focus_aspect_id = NULL")
    cloud = client.get(f"/d/{forum['code']}/cloud").get_json()
    assert cloud["title"] == "Awan kata: semua masukan yang ditampilkan" and not cloud["focused"]
    assert cloud["note"].startswith("Belum ada layanan dan aspek yang sedang dibahas")
    assert {"antrian", "biaya"} <= {w["word"] for w in cloud["words"]}
    page = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    assert 'id="cloud-note">Belum ada layanan' in page
    assert client.get("/d/ZZZZZZ/cloud").status_code == 404


# ---- In a real browser ---------------------------------------------------------------------

# Words of a hall discussing waiting times, more and less common, so the cloud has every size.
COMMON = ["antrian", "lama", "loket", "petugas", "pelayanan", "informasi", "jadwal", "tidak"]
MIDDLE = ["pengumuman", "formulir", "persyaratan", "disabilitas", "kursi", "papan", "nomor",
          "panggilan", "ruang", "tunggu", "sempit", "panas", "website", "daring", "belum", "kurang"]
RARE = ["pendaftaran", "pemilih", "pemula", "domisili", "pindah", "verifikasi", "berkas", "salinan",
        "legalisir", "pengaduan", "tanggapan", "ramah", "cepat", "lambat", "mahasiswa", "magang",
        "kesehatan", "lansia", "pendamping", "aksesibilitas", "penyelenggara", "sosialisasi",
        "kecamatan", "kelurahan", "desa", "transparansi", "mekanisme", "kepastian", "keterangan",
        "perpanjangan", "pemberitahuan", "ketersediaan", "fasilitas", "parkir", "toilet"]


def hall_inputs(n, seed_):
    pick = random.Random(seed_)
    texts = []
    for i in range(n):
        words = (pick.sample(COMMON, 2) + pick.sample(MIDDLE, 2) + pick.sample(RARE, 2)
                 + ["yang", "dan", "di", "mohon" if i % 3 else "harus"])
        pick.shuffle(words)
        texts.append(" ".join(words).capitalize() + f" ({i}).")
    return texts


def cloud_boxes(display):
    """The shown words' boxes, font sizes and the list's box, read in one pass."""
    return display.evaluate("""() => ({
        list: document.getElementById('cloud-words').getBoundingClientRect().toJSON(),
        words: Array.from(document.querySelectorAll('#cloud-words li:not(.no-room)')).map(li => ({
            text: li.querySelector('.word').textContent, box: li.getBoundingClientRect().toJSON(),
            ink: li.querySelector('.word').getBoundingClientRect().toJSON(),
            size: parseFloat(getComputedStyle(li).fontSize)}))})""")


def check_cloud(display, width=1920, height=1080):
    """Every word whole inside the screen and the list, no two overlapping, none too small."""
    laid = cloud_boxes(display)
    words = laid["words"]
    assert len(words) >= 20, f"only {len(words)} words on the projector"
    for w in words:
        b = w["box"]
        assert b["x"] >= -0.5 and b["y"] >= -0.5, w
        assert b["x"] + b["width"] <= width + 0.5 and b["y"] + b["height"] <= height + 0.5, w
        assert b["y"] >= laid["list"]["y"] - 0.5 and b["y"] + b["height"] <= laid["list"]["bottom"] + 0.5, w
        assert w["ink"]["width"] <= b["width"] + 0.5, f"{w['text']} is wider than its box"
        assert w["size"] >= 0.017 * width - 0.5, f"{w['text']} shrank to {w['size']}px"
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            x = min(a["box"]["right"], b["box"]["right"]) - max(a["box"]["x"], b["box"]["x"])
            y = min(a["box"]["bottom"], b["box"]["bottom"]) - max(a["box"]["y"], b["box"]["y"])
            assert x <= 0.5 or y <= 0.5, f"{a['text']} and {b['text']} overlap"
    sizes = [w["size"] for w in words]
    return words, sizes


def test_the_word_cloud_fits_the_projector_and_follows_the_focus(live_server, contexts, tmp_path):
    (ARTIFACTS / "screens").mkdir(parents=True, exist_ok=True)
    url, code = live_server.url, live_server.code
    seeder = make_app(tmp_path / "seeder", DATABASE=live_server.env["FKP_DATABASE"])
    other = ["Biaya salinan dokumen tidak jelas", "Biaya fotokopi ditanggung pemohon mohon diumumkan",
             "Tarif legalisir belum tercantum di papan informasi"]
    forum, services, aspects = seed(seeder, code, {1: hall_inputs(300, 14), 2: other})
    seed(seeder, code, {2: ["Formulir kedaluwarsa harus diganti"]}, status="pending")
    focus(seeder, forum, services[0], aspects[1])
    with seeder.app_context():
        waiting = get_db().execute("SELECT id FROM comments WHERE status = 'pending'").fetchone()[0]
        screen.set_mode(get_db(), forums.get(get_db(), forum["id"]), "feed")
    errors = []

    display = open_display(contexts, url, code, errors)
    display.evaluate("window.__noReload = true")
    moderator = open_console(contexts, url, code, errors)
    requests = []
    display.on("request", lambda r: requests.append(r.url) if "/cloud" in r.url else None)

    # the moderator's "Awan kata" button: the display switches without reloading
    moderator.click("#display-controls form[data-display-mode=cloud] button")
    display.wait_for_selector("#screen[data-mode=cloud] #cloud-words[data-fitted]", timeout=10000)
    assert display.inner_text("#cloud-title") == f"Awan kata: {services[0]['name']} — {aspects[1]['label']}"
    display.screenshot(path=str(ARTIFACTS / "screens" / "display-wordcloud.png"))
    words, sizes = check_cloud(display)
    assert words[0]["text"] in COMMON + ["mohon"] and sizes[0] == max(sizes)
    assert max(sizes) >= 2 * min(sizes), "the sizes do not tell the common words from the rare ones"
    assert not {"yang", "dan", "di"} & {w["text"] for w in words}
    # screen readers: a labelled list in rank order, each word with its count
    assert display.get_attribute("#cloud-words", "aria-label")
    assert re.fullmatch(r"\w+ \(\d+ masukan\)", display.locator("#cloud-words li").first.text_content())
    assert requests == [], "the page had the cloud already: no request needed"

    # the focus moves: the cloud follows, live, with one request
    moderator.select_option("#service_id", str(services[0]["id"]))
    moderator.select_option("#aspect_id", str(aspects[2]["id"]))
    moderator.click("#focus-form button[type=submit]")
    display.wait_for_function("t => document.getElementById('cloud-title').textContent.endsWith(t)",
                              arg=f"— {aspects[2]['label']}", timeout=10000)
    display.wait_for_selector("#cloud-words[data-fitted]", timeout=10000)
    display.screenshot(path=str(ARTIFACTS / "screens" / "display-wordcloud-few.png"))
    shown = [w.text_content() for w in display.locator("#cloud-words .word").all()]
    assert "biaya" in shown and "antrian" not in shown
    assert display.evaluate("window.__noReload === true") and len(requests) == 1

    # an input approved, corrected, then hidden while the cloud is on: it follows each change
    def command(name, payload):
        ack = moderator.evaluate("""([name, payload]) => new Promise(done =>
            FKP.moderatorSocket.emit(name, payload, done))""", [name, payload])
        assert ack.get("ok"), ack

    def cloud_has(word, present=True):
        display.wait_for_function("""([word, present]) => {
            const list = document.getElementById('cloud-words');
            const words = Array.from(list.querySelectorAll('.word')).map(w => w.textContent);
            return list.dataset.fitted && words.includes(word) === present; }""",
                                  arg=[word, present], timeout=10000)
    command("approve_comment", {"id": waiting})
    cloud_has("kedaluwarsa")
    command("correct_comment", {"id": waiting, "text": "Formulir usang harus diganti"})
    cloud_has("usang")
    cloud_has("kedaluwarsa", False)
    command("hide_comment", {"id": waiting})
    cloud_has("usang", False)
    assert len(requests) == 4, requests  # one per change, none in between
    assert display.evaluate("window.__noReload === true")

    # back to the busy aspect, in high contrast: the same layout rules
    moderator.select_option("#aspect_id", str(aspects[1]["id"]))
    moderator.click("#focus-form button[type=submit]")
    display.goto(f"{url}/d/{code}?contrast=high")
    display.wait_for_selector("#screen[data-mode=cloud] #cloud-words[data-fitted]", timeout=10000)
    display.screenshot(path=str(ARTIFACTS / "screens" / "display-wordcloud-contrast.png"))
    check_cloud(display)
    assert not errors, errors
