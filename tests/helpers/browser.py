"""What the browser tests share: viewports, and helpers to watch a page as a person would."""
import io
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"  # screenshots to look at
PHONE = {"viewport": {"width": 360, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True}
LAPTOP = {"viewport": {"width": 1366, "height": 900}}


def open_display(contexts, url, code, errors):
    """The projector's page at 1080p, its QR image loaded and watched for errors."""
    display = contexts(viewport={"width": 1920, "height": 1080}).new_page()
    watch_errors(display, errors)
    display.goto(f"{url}/d/{code}")
    display.wait_for_function("document.querySelector('.qr').complete")
    return display


def open_console(contexts, url, code, errors, username="moderator", password="moderator-pass"):
    """The moderator console of forum `code` on a laptop, logged in, watched for errors, and
    live (its buttons act over the socket)."""
    moderator = contexts(**LAPTOP).new_page()
    watch_errors(moderator, errors)
    login(moderator, url, username, password)
    moderator.goto(f"{url}/m/{code}")
    moderator.wait_for_selector("#display-controls.live")
    return moderator


def decode_qr(png_bytes):
    """The text of the QR code in a screenshot."""
    import zxingcpp
    from PIL import Image
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))
    assert results, "no QR code found"
    return results[0].text


def watch_errors(page, errors):
    """Collect console errors (a CSP violation is one) and uncaught exceptions."""
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))


def mark(page):
    """Plant a marker that a reload would wipe."""
    page.evaluate("window.__noReload = true")


def not_reloaded(page):
    return page.evaluate("window.__noReload === true")


def login(page, url, username, password):
    """Log a staff member in through the login page."""
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/login" not in u)


def join_by_hand(page, url, code, name="Rina Wulandari", live=True):
    """Join forum `code` through its join page as an attendee would, then (with live) wait
    for the input page's live connection."""
    page.goto(f"{url}/j/{code}")
    page.fill("#name", name)
    page.fill("#institution", "JPPR NTB")
    page.check("input[name=group][value=civil_society]")
    page.check("#consent")
    page.click("button[type=submit]")
    page.wait_for_url(f"**/j/{code}/input**")
    if live:
        page.wait_for_selector("#live-status.live-ok")


def visible_layout(display, width=1920, height=1080):
    """[(service, aspect, meta)] of the cards on screen, after checking each one's box lies
    whole inside the viewport and above the counts."""
    counts = display.locator("#aspect-counts").bounding_box()
    head = display.locator(".stage-head").bounding_box()
    feed = display.locator("#shown").bounding_box()
    assert head["height"] <= 0.4 * height + 1, f"the focus header takes {head['height']:.0f}px"
    cards = display.locator("#shown li.card:not(.no-room)").all()
    assert cards, "no card on screen"
    seen = []
    for card in cards:
        box = card.bounding_box()
        assert box is not None
        assert box["y"] >= head["y"] + head["height"] - 1, "a card under the focus header"
        assert box["x"] >= feed["x"] - 0.5 and box["x"] + box["width"] <= feed["x"] + feed["width"] + 0.5
        assert box["x"] + box["width"] <= width + 0.5
        assert box["y"] + box["height"] <= counts["y"] + 0.5, "a card cut or behind the counts"
        assert box["y"] + box["height"] <= height
        seen.append((card.get_attribute("data-service"), card.get_attribute("data-aspect"),
                     card.locator(".meta").inner_text()))
    return seen
