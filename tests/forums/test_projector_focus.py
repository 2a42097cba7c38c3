"""The projector follows the topic: the inputs of the service × aspect under discussion come
first, every card names its service and aspect, a long draft shrinks to fit, and no card is
ever cut or hidden behind the counts (measured from element boxes in a real browser)."""
import re

from fkp.forums import display as screen
from fkp.forums import forums, structure
from fkp.inputs import comments, moderation
from fkp.people import participants
from fkp.store.db import get_db
from tests.helpers.app import make_app
from tests.helpers.browser import (
    ARTIFACTS,
    PHONE,
    join_by_hand,
    open_console,
    open_display,
    visible_layout,
    watch_errors,
)

LONG = ("Kami mohon agar {what} dijelaskan lebih rinci di papan informasi dan laman resmi, "
        "karena banyak warga di desa yang belum memahami langkah-langkahnya, terutama pemilih "
        "pemula, penyandang disabilitas dan lansia yang datang tanpa pendamping ke kantor. ") * 2
DRAFT = ("Jangka waktu penyelesaian pelayanan paling lama tiga hari kerja sejak berkas diterima "
         "lengkap dan benar, dengan ketentuan bahwa setiap tahapan dicatat dalam buku register "
         "dan pemohon diberi tanda terima yang memuat tanggal perkiraan selesai. ") * 8


def _c(id_, service_id, aspect_id):
    return {"id": id_, "service_id": service_id, "aspect_id": aspect_id}


def test_focus_first_puts_the_focused_pair_first_and_keeps_each_parts_order():
    shown = [_c(1, 1, 2), _c(2, 1, 1), _c(3, 2, 1), _c(4, 1, 1), _c(5, 1, 3)]
    focused, others = screen.focus_first(shown, {"focus_service_id": 1, "focus_aspect_id": 1})
    assert [c["id"] for c in focused] == [2, 4]
    assert [c["id"] for c in others] == [1, 3, 5]  # same service, other aspect: not focused


def test_focus_first_without_a_focus_leaves_every_input_an_other_one():
    shown = [_c(1, 1, 2), _c(2, 1, 1)]
    assert screen.focus_first(shown, {"focus_service_id": None, "focus_aspect_id": None}) == ([], shown)


def seed(app, code, per_aspect=12, aspects_used=5):
    """~60 approved long inputs over several aspects of the first service, and a long draft on
    every pair the test focuses; returns (forum, services, aspects)."""
    with app.app_context():
        db = get_db()
        forum = forums.get_by_code(db, code)
        services, aspects = forums.services(db, forum["id"]), forums.aspects(db, forum["id"])
        people = [participants.join(db, forum, name=f"Peserta {n}", institution="JPPR NTB",
                                    group="civil_society", consent=True)[0] for n in range(6)]
        n = 0
        for i in range(per_aspect):
            for a in aspects[:aspects_used]:
                c, _ = comments.submit(db, forum, people[n % len(people)], service_id=services[0]["id"],
                                       aspect_id=a["id"], kind="suggestion",
                                       text=LONG.format(what=f"{a['label']} ({i})"), client_id=f"seed-{n}")
                moderation.approve(db, forum, c["id"], None)
                n += 1
        structure.save_drafts(db, forum, {(services[0]["id"], a["id"]): DRAFT for a in aspects[:3]}, None)
        forums.set_focus(db, forums.get(db, forum["id"]), services[0]["id"], aspects[1]["id"])
        return forums.get(db, forum["id"]), services, aspects


def test_the_server_renders_the_focused_pair_first_with_labels(app, client, forum):
    forum, services, aspects = seed(app, forum["code"], per_aspect=2, aspects_used=3)
    html = client.get(f"/d/{forum['code']}").get_data(as_text=True)
    feed = html[html.index('id="shown"'):html.index('id="aspect-counts"')]
    pairs = re.findall(r'data-service="(\d+)" data-aspect="(\d+)"', feed)
    focus = (str(services[0]["id"]), str(aspects[1]["id"]))
    assert pairs[:2] == [focus, focus] and focus not in pairs[2:]
    # the label comes right after the focused inputs; every card names its service and aspect
    assert feed.index('id="others-label"') > feed.rindex(f'data-aspect="{aspects[1]["id"]}"')
    assert "Masukan lain" in feed or "Other input" in feed
    assert feed.count(f'<span class="service-name">{services[0]["name"]}</span> — '
                      f'<span class="aspect-name">{aspects[0]["label"]}</span>') == 2


def test_the_projector_follows_the_focus_without_cutting_a_card(live_server, contexts, tmp_path):
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "screens").mkdir(exist_ok=True)
    url, code = live_server.url, live_server.code
    seeder = make_app(tmp_path / "seeder", DATABASE=live_server.env["FKP_DATABASE"])
    forum, services, aspects = seed(seeder, code)
    errors = []

    display = open_display(contexts, url, code, errors)
    s = str(services[0]["id"])

    def check(aspect, name, width=1920, height=1080, drafted=True):
        display.wait_for_selector(f'#shown[data-fitted="{s}:{aspect["id"]}/feed"]', timeout=10000)
        display.screenshot(path=str(ARTIFACTS / "screens" / name))
        seen = visible_layout(display, width, height)
        assert len(seen) >= 4, f"only {len(seen)} card(s) on the projector"
        assert seen[0][:2] == (s, str(aspect["id"])), "the first card is not on the focus"
        for service_id, aspect_id, meta in seen:
            a = next(x for x in aspects if str(x["id"]) == aspect_id)
            assert a["label"] in meta and services[0]["name"] in meta
        # in the page's order too (screen readers): every focused input, the label, the others
        order = display.evaluate("""() => Array.from(document.querySelectorAll('#shown > li'))
            .map(li => li.id === 'others-label' ? 'label' : li.classList.contains('in-focus') ? 'f' : 'o')
            .join('')""")
        assert re.fullmatch(r"f*labelo*", order), order
        assert order.count("f") >= 12 and "label" in order
        draft = display.locator("#focus-draft")
        if drafted:
            assert draft.is_visible() and draft.inner_text().startswith("Jangka waktu")
            size = float(draft.evaluate("el => parseFloat(getComputedStyle(el).fontSize)"))
            assert size >= 0.017 * width - 0.5, f"the draft shrank to {size}px"
        return seen

    check(aspects[1], "display-focus-1.png")

    # the moderator moves the focus: the projector follows without reloading
    display.evaluate("window.__noReload = true")
    moderator = open_console(contexts, url, code, errors)
    moderator.select_option("#service_id", s)
    moderator.select_option("#aspect_id", str(aspects[2]["id"]))
    moderator.click("#focus-form button[type=submit]")
    seen = check(aspects[2], "display-focus-2.png")
    assert display.evaluate("window.__noReload === true")
    two_rows = len(seen)

    # to a pair with a one-line draft: the header shrinks, and the cards still fit whole
    moderator.select_option("#aspect_id", str(aspects[3]["id"]))
    moderator.click("#focus-form button[type=submit]")
    assert len(check(aspects[3], "display-focus-short-draft.png", drafted=False)) >= two_rows

    # to a pair nobody spoke on yet: the others come under their label, never as on the topic
    moderator.select_option("#aspect_id", str(aspects[5]["id"]))
    moderator.click("#focus-form button[type=submit]")
    display.wait_for_selector(f'#shown[data-fitted="{s}:{aspects[5]["id"]}/feed"]', timeout=10000)
    display.screenshot(path=str(ARTIFACTS / "screens" / "display-focus-empty.png"))
    label, first = display.locator("#others-label").bounding_box(), display.locator("#shown li.card").first
    assert display.locator("#others-label").is_visible() and label["y"] < first.bounding_box()["y"]
    assert visible_layout(display)
    moderator.select_option("#aspect_id", str(aspects[3]["id"]))
    moderator.click("#focus-form button[type=submit]")

    # a smaller projector: laid out again, still no card cut
    display.set_viewport_size({"width": 1280, "height": 720})
    check(aspects[3], "display-focus-720p.png", 1280, 720, drafted=False)
    display.set_viewport_size({"width": 1920, "height": 1080})
    moderator.select_option("#aspect_id", str(aspects[2]["id"]))
    moderator.click("#focus-form button[type=submit]")
    check(aspects[2], "display-focus-2-again.png")
    assert display.evaluate("window.__noReload === true")

    # an input on the topic arrives live: it comes first, laid out again, nothing cut
    phone = contexts(**PHONE).new_page()
    watch_errors(phone, errors)
    join_by_hand(phone, url, code)
    text = "Mohon jangka waktu dihitung sejak berkas lengkap, bukan sejak berkas pertama masuk."
    phone.fill("#text", text)
    phone.click("#send")
    card = moderator.locator("#inputs li", has_text=text)
    card.wait_for(timeout=10000)
    card.locator("form[data-action=approve] button").click()
    display.locator("#shown li.card", has_text=text).wait_for(timeout=10000)
    check(aspects[2], "display-focus-live.png")
    assert display.locator("#shown li.card").first.inner_text().count(text) == 1
    assert display.evaluate("window.__noReload === true")
    # the other inputs follow under their label when there is room for one
    if any(a != str(aspects[2]["id"]) for _, a, _ in seen):
        assert display.locator("#others-label").is_visible()

    # high contrast keeps the same layout rules
    display.goto(f"{url}/d/{code}?contrast=high")
    check(aspects[2], "display-focus-contrast.png")
    assert not errors, errors
