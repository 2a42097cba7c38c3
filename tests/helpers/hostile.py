"""Hostile text and how a browser test sees it misbehave.

NAUGHTY is every line of the Big List of Naughty Strings plus our XSS payloads (see
tests/data/README.md). Eyes opens pages with a tripwire installed before any script: the
payloads call alert() or set window.__pwned, so a payload that runs leaves a hit. Each
page is also scanned for markup no template writes (event-handler attributes, javascript:
URLs, inline scripts, frames), which catches an injection that CSP kept from running.
"""
import json
import re
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data"
BLNS = json.loads((DATA / "blns.json").read_text(encoding="utf-8"))
XSS = json.loads((DATA / "xss.json").read_text(encoding="utf-8"))
NAUGHTY = BLNS + [x for x in XSS if x not in BLNS]

TRIPWIRE = """
(() => {
  const hits = [];
  Object.defineProperty(window, "__fkpHits", { value: hits });
  Object.defineProperty(window, "__pwned", {
    get() { return undefined; },
    set(value) { hits.push("window.__pwned = " + String(value)); },
  });
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    Object.defineProperty(window, name, {
      value(message) { hits.push(name + "(" + String(message) + ")"); },
    });
  }
})();
"""

# Markup the app never writes; any of it on a page came from someone's text.
SCAN = """
() => {
  const found = [], urlAttributes = ["href", "src", "action", "formaction", "data", "srcdoc",
                                     "xlink:href", "background", "poster", "ping"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.localName;
    // the one frame the app writes: the console's preview of its own display (/d/CODE)
    const preview = tag === "iframe" && el.parentElement &&
      el.parentElement.matches("#screen-preview .preview-frame") &&
      /^\\/d\\/[A-Z0-9]{6}$/.test(el.dataset.src || "") &&
      [el.dataset.src, ""].includes(el.getAttribute("src") || "");
    const framing = ["iframe", "frame", "frameset", "object", "embed", "base", "applet"].includes(tag);
    if (framing && !preview) found.push("<" + tag + ">");
    if (tag === "meta" && el.hasAttribute("http-equiv")) found.push("<meta http-equiv>");
    if (tag === "script" && el.type !== "application/json" &&
        !(el.getAttribute("src") || "").startsWith("/static/")) found.push("<script>" + el.textContent.slice(0, 60));
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\\s\\u0000-\\u001f]+/g, "").toLowerCase();
      if (name.startsWith("on")) found.push("<" + tag + " " + name + ">");
      if (urlAttributes.includes(name) && /^(javascript:|vbscript:|data:text\\/html)/.test(value)) {
        found.push("<" + tag + " " + name + "=" + attr.value.slice(0, 60) + ">");
      }
    }
  }
  return found;
}
"""


class Eyes:
    """Pages of one browser context with the tripwire in every frame; every dialog, console
    error (a CSP violation is one) and uncaught exception is a problem, kept in `problems`."""

    def __init__(self, contexts, allowed_errors=(), **options):
        self.context = contexts(**options)
        self.context.add_init_script(TRIPWIRE)
        self.allowed_errors = allowed_errors
        self.problems = []

    def page(self):
        page = self.context.new_page()
        page.on("dialog", lambda d: (self.problems.append(f"{page.url}: {d.type}({d.message!r})"),
                                     d.dismiss()))
        page.on("console", lambda m: self._console(page, m))
        page.on("pageerror", lambda e: self.problems.append(f"{page.url}: uncaught {e}"))
        return page

    def _console(self, page, message):
        if message.type == "error" and not any(a in message.text for a in self.allowed_errors):
            self.problems.append(f"{page.url}: console: {message.text[:300]}")

    def inspect(self, page, where):
        """Record what ran or does not belong on the page now showing `where`. A frame is
        itself foreign (no page has one); it is reported, not entered, since a frame that
        never loads would never answer."""
        hits = _ask(page, "window.__fkpHits ? Array.from(window.__fkpHits) : ['no tripwire']")
        self.problems += [f"{where}: script ran: {hit}" for hit in hits]
        self.problems += [f"{where}: foreign markup {m}" for m in _ask(page, f"({SCAN})()")]
        self.problems += [f"{where}: a frame {f.url[:80]}" for f in page.frames[1:] if not _preview(page, f)]

    def visit(self, page, url, where):
        page.goto(url, wait_until="load")
        self.inspect(page, where)


def _preview(page, frame):
    """Whether a frame is the moderator console's preview of its own display (the SCAN above
    checks its element): blank until opened, then this server's /d/CODE."""
    own = re.match(r"(https?://[^/]+)/m/([A-Z0-9]{6})", page.url)
    return bool(own) and frame.parent_frame == page.main_frame and frame.url in (
        "about:blank", f"{own.group(1)}/d/{own.group(2)}")


def _ask(page, expression):
    """The JSON value of expression in the page, or a timeout error: page.evaluate has no
    timeout, and a page an injection broke may never answer."""
    handle = page.wait_for_function(f"() => JSON.stringify({expression})", timeout=60_000)
    return json.loads(handle.json_value())
