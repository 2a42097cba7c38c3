"""Accessibility checks in a real browser: axe-core, focus, reflow, target sizes, contrast.

axe-core comes from its npm package, installed by scripts/test into the git-ignored .cache/
(never downloaded while tests run). It reaches each page as a same-origin script: a route
answers one made-up URL on the page's own origin with the file, so the page keeps its real
Content-Security-Policy (script-src 'self') while axe runs, and a CSP error stays an error.
"""
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL_PATH = "/__a11y__/axe.min.js"  # served by the route below, never by the app
# WCAG 2.0-2.2, levels A and AA; axe's impact says how bad each finding is.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}


def axe_installed():
    return AXE_JS.is_file()


def serve_axe(context):
    """Let every page of a browser context load axe from its own origin."""
    body = AXE_JS.read_bytes()
    context.route(f"**{AXE_URL_PATH}", lambda route: route.fulfill(
        status=200, body=body, content_type="application/javascript"))


def axe_violations(page, rules=None):
    """axe-core's serious and critical violations on the page as it is now, as readable lines:
    of every WCAG 2.2 A/AA and best-practice rule, or only of the named rules."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(url=AXE_URL_PATH)
    run_only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": AXE_TAGS}
    result = page.evaluate("runOnly => axe.run(document, {runOnly, resultTypes: ['violations']})",
                           run_only)
    lines = []
    for v in result["violations"]:
        if v["impact"] not in FAILING_IMPACTS:
            continue
        for node in v["nodes"][:5]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"{page.url} [{v['impact']}] {v['id']}: {json.dumps(node['target'])} "
                         f"{node['html'][:160]} — {summary[:300]}")
    return lines


# The focused element's indicator: its outline (or, failing that, a box shadow), and the colour
# of what it is drawn on (the nearest ancestor with a background; an outline with an offset is
# drawn outside the element).
FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  let bgEl = s.outlineStyle !== 'none' && parseFloat(s.outlineOffset) > 0 ? el.parentElement : el;
  let bg = 'rgb(255, 255, 255)';
  for (; bgEl; bgEl = bgEl.parentElement) {
    const c = getComputedStyle(bgEl).backgroundColor;
    if (c && c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') { bg = c; break; }
  }
  const r = el.getBoundingClientRect();
  return {tag: el.tagName.toLowerCase(), text: (el.innerText || el.value || el.name || '').trim().slice(0, 40),
          outline: s.outlineStyle, width: parseFloat(s.outlineWidth), color: s.outlineColor,
          shadow: s.boxShadow, bg: bg, focusVisible: el.matches(':focus-visible'),
          w: r.width, h: r.height};
}"""


def rgb(css):
    """(r, g, b) of a computed colour such as 'rgb(26, 86, 219)' or 'rgba(…)'."""
    inside = css[css.index("(") + 1:css.index(")")]
    return tuple(float(x) for x in inside.replace("/", " ").replace(",", " ").split()[:3])


def contrast(a, b):
    """WCAG contrast ratio of two (r, g, b) colours."""
    def luminance(c):
        channels = [x / 255 for x in c]
        lin = [x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4 for x in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def focus_problem(page):
    """Why the focused element's focus is not clearly visible, or None when it is:
    WCAG 2.4.7 (visible) and 2.4.11/1.4.11 (an indicator of at least 2 px at 3:1)."""
    f = page.evaluate(FOCUS_JS)
    if f is None:
        return "nothing has the focus (it was lost to the page)"
    if not f["focusVisible"]:
        return f"{f['tag']} “{f['text']}” does not match :focus-visible"
    if f["outline"] == "none" or f["width"] < 2:
        return f"{f['tag']} “{f['text']}” has no outline of 2 px or more ({f['outline']} {f['width']})"
    ratio = contrast(rgb(f["color"]), rgb(f["bg"]))
    if ratio < 3:
        return f"{f['tag']} “{f['text']}”: outline {f['color']} on {f['bg']} is {ratio:.2f}:1, below 3:1"
    return None


HORIZONTAL_SCROLL_JS = """() => {
  const root = document.documentElement;
  const wide = [];
  document.querySelectorAll('body *').forEach(el => {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > root.clientWidth + 1 && getComputedStyle(el).visibility !== 'hidden') {
      const cls = el.className && el.className.baseVal === undefined ? '.' + el.className : '';
      wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + cls + ' right=' + Math.round(r.right));
    }
  });
  return {scroll: root.scrollWidth, client: root.clientWidth, wide: wide.slice(0, 8)};
}"""


def horizontal_overflow(page):
    """What sticks out to the right of the viewport (a reason to scroll sideways), or []."""
    r = page.evaluate(HORIZONTAL_SCROLL_JS)
    if r["scroll"] <= r["client"]:
        return []
    return [f"{page.url}: page is {r['scroll']} px wide in a {r['client']} px viewport"] + r["wide"]


# Every control a finger can hit, with the box it is hit in: a radio or checkbox is hit through
# its label. Hidden controls and the skip link (shown only on keyboard focus) are left out.
TARGETS_JS = """() => {
  const out = [];
  document.querySelectorAll('a[href], button, input, select, textarea, summary').forEach(el => {
    if (el.type === 'hidden' || el.classList.contains('skip') || !el.getClientRects().length) return;
    const s = getComputedStyle(el);
    if (s.visibility === 'hidden') return;
    let box = el;
    if ((el.type === 'radio' || el.type === 'checkbox') && el.closest('label')) box = el.closest('label');
    const r = box.getBoundingClientRect();
    out.push({what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' “' +
              (el.innerText || el.value || el.name || '').trim().slice(0, 30) + '”',
              w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10});
  });
  return out;
}"""


def small_targets(page, minimum=44):
    """Controls whose touch target is smaller than minimum × minimum CSS px."""
    return [f"{page.url}: {t['what']} is {t['w']}×{t['h']}"
            for t in page.evaluate(TARGETS_JS) if t["w"] < minimum or t["h"] < minimum]


# Text as rendered: an SVG label's size is scaled by its viewBox. Left out: what is not shown
# (display: none, visibility: hidden, off screen) and screen-reader-only text (clipped).
SMALL_TEXT_JS = """minimum => {
  const clipped = el => {
    for (let a = el; a; a = a.parentElement) {
      const s = getComputedStyle(a);
      if (s.clipPath !== 'none' || (s.clip && s.clip !== 'auto')) return true;
    }
    return false;
  };
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el.getClientRects().length) continue;
    // The projector's language switch is for whoever sets the laptop up, not for the hall.
    if (el.closest('.display-lang')) continue;
    if (getComputedStyle(el).visibility === 'hidden' || clipped(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) px *= el.getScreenCTM().a;
    if (px < minimum) small.push(el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') +
                                 ' ' + px.toFixed(1) + 'px “' + n.textContent.trim().slice(0, 40) + '”');
  }
  return small;
}"""


def small_text(page, minimum):
    """Visible text rendered smaller than minimum CSS px."""
    return [f"{page.url}: {t}" for t in page.evaluate(SMALL_TEXT_JS, minimum)]
