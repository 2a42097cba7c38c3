"""What every PDF document shares: fonts, type styles, the letterhead (kop), the A4 page frame
with a running header after page 1 and "Halaman X dari Y" on every page.

Text reaches a page two ways, neither of which reads attendee or staff text as markup:
- `para`/`rich`: a Platypus Paragraph (justified prose, headings, short lists) built only
  from `esc()`-escaped text, so "<img src=...>" or "<a href=...>" prints as those characters;
- grid.Grid: tables and long lists, written straight to the page by ink (never parsed).
"""
import functools
import gc
import io
import logging
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Table,
    TableStyle,
)

from ..cells import xml_safe
from .ink import Face, clean

log = logging.getLogger(__name__)

# Page streams are only deflated, not also ASCII85-encoded: a binary stream is as valid,
# smaller, and spares pure-Python encoding of every page of a 1,000-page Matriks.
rl_config.useA85 = 0

# DejaVu Sans covers Indonesian and most scripts an attendee may type a name in. Where it is
# not installed (a Windows or macOS laptop), Arial, which both systems carry, covers Latin,
# Greek and Cyrillic; Helvetica, ReportLab's own, is the last resort.
def _font_dirs():
    dirs = [Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu")]
    if os.name == "nt":
        dirs += [Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts",
                 Path(os.environ.get("LOCALAPPDATA", "~")).expanduser() / "Microsoft" / "Windows" / "Fonts"]
    elif sys.platform == "darwin":
        dirs += [Path("~/Library/Fonts").expanduser(), Path("/Library/Fonts"),
                 Path("/System/Library/Fonts/Supplemental")]
    return tuple(dirs)


FONT_DIRS = _font_dirs()
_DEJAVU = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf",
           "italic": "DejaVuSans-Oblique.ttf", "bold_italic": "DejaVuSans-BoldOblique.ttf"}
_ARIAL_WINDOWS = {"regular": "arial.ttf", "bold": "arialbd.ttf", "italic": "ariali.ttf", "bold_italic": "arialbi.ttf"}
_ARIAL_MAC = {"regular": "Arial.ttf", "bold": "Arial Bold.ttf", "italic": "Arial Italic.ttf",
              "bold_italic": "Arial Bold Italic.ttf"}
_FAMILIES = (_DEJAVU, _ARIAL_WINDOWS, _ARIAL_MAC)
_STANDARD = {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique",
             "bold_italic": "Helvetica-BoldOblique"}


def _register_fonts():
    """{variant: registered font name}: DejaVu Sans where installed, else Arial, else Helvetica.
    Debian's fonts-dejavu-core has only the upright faces: italic then falls back to upright."""
    for family in _FAMILIES:
        for folder in FONT_DIRS:
            paths = {variant: folder / name for variant, name in family.items()}
            if paths["regular"].is_file() and paths["bold"].is_file():
                return _register(paths)
    log.warning("Neither DejaVu Sans nor Arial found in %s: PDF documents use Helvetica, which has no "
                "letters outside Western European ones (install fonts-dejavu-core)",
                ", ".join(map(str, FONT_DIRS)))
    return dict(_STANDARD)


def _register(paths):
    for slanted, upright in (("italic", "regular"), ("bold_italic", "bold")):
        if not paths[slanted].is_file():  # fonts-dejavu-extra has them
            paths[slanted] = paths[upright]
    names = {variant: "Fkp" + path.stem.replace(" ", "") for variant, path in paths.items()}
    for variant, path in paths.items():
        if names[variant] not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(names[variant], str(path)))
    pdfmetrics.registerFontFamily(names["regular"], normal=names["regular"], bold=names["bold"],
                                  italic=names["italic"], boldItalic=names["bold_italic"])
    return names


FONTS = _register_fonts()
PORTRAIT = "portrait"
LANDSCAPE = "landscape"
# (top, right, bottom, left), as the documents had them.
MARGINS = {PORTRAIT: (2.2 * cm, 2 * cm, 2 * cm, 2.5 * cm), LANDSCAPE: (1.6 * cm, 1.2 * cm, 1.4 * cm, 1.2 * cm)}
# The frame's width: the page less its left and right margins.
TEXT_WIDTH = {orientation: (landscape(A4) if orientation == LANDSCAPE else A4)[0] - right - left
              for orientation, (_top, right, _bottom, left) in MARGINS.items()}
DOTS = "." * 40  # a line left blank to be filled in by hand
LOGO_HEIGHT = 2.2 * cm


@functools.cache
def face(size, bold=False, italic=False):
    """The Face (font, size, line height) for plain text in a grid."""
    variant = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
    return Face(FONTS[variant], size)


def _style(name, size=10, leading=None, bold=False, italic=False, align=TA_LEFT, before=0, after=5,
           keep=False, indent=0):
    variant = "bold_italic" if bold and italic else "bold" if bold else "italic" if italic else "regular"
    return ParagraphStyle(name, fontName=FONTS[variant], fontSize=size, leading=leading or size * 1.35,
                          alignment=align, spaceBefore=before, spaceAfter=after, keepWithNext=keep,
                          leftIndent=indent, bulletIndent=max(0, indent - 18), bulletFontName=FONTS[variant])


STYLES = {
    "body": _style("body"),
    "justify": _style("justify", align=TA_JUSTIFY),
    "closing": _style("closing", align=TA_JUSTIFY, before=10),
    "center": _style("center", align=TA_CENTER),
    "right": _style("right", align=TA_RIGHT),
    "unit": _style("unit", 12, bold=True, align=TA_CENTER, after=4),
    "kop": _style("kop", 12, bold=True, align=TA_CENTER, after=0),
    "kop_small": _style("kop_small", 9, align=TA_CENTER, after=0),
    "h1": _style("h1", 12, bold=True, align=TA_CENTER, after=0),
    "doctitle": _style("doctitle", bold=True, align=TA_CENTER, before=2, after=2),
    "h2": _style("h2", 10.5, bold=True, before=12, after=4, keep=True),
    "small": _style("small", 8, after=4),
    "muted": _style("muted", italic=True),
    "item": _style("item", indent=18, after=2),
    "item2": _style("item2", indent=36, after=2),
    "item3": _style("item3", indent=54, after=5),
    "banner": _style("banner", bold=True, align=TA_CENTER, after=0),
    "pledge": _style("pledge", 12, bold=True, align=TA_CENTER, after=0),
    "sign": _style("sign", align=TA_CENTER, after=0),
    "sign_note": _style("sign_note", 8, align=TA_CENTER, after=0),
}


def esc(text):
    """Staff or attendee text as Paragraph content that is only ever text: control
    characters dropped, &, < and > escaped, line breaks kept as breaks."""
    return escape(clean(text)).replace("\n", "<br/>")


def para(text, style="body", bullet=None):
    """A Paragraph of plain `text` (never markup)."""
    return Paragraph(esc(text), STYLES[style], bulletText=bullet)


def rich(pieces, style="body", bullet=None):
    """A Paragraph of pieces (text, how): how is "" plain, "b" bold, "i" italic, "bu" bold
    underlined, "s" small; the text of each piece is escaped, only our tags are markup."""
    tags = {"": ("", ""), "b": ("<b>", "</b>"), "i": ("<i>", "</i>"), "bu": ("<u><b>", "</b></u>"),
            "s": ("<font size=\"8\">", "</font>"), "si": ("<font size=\"9\"><i>", "</i></font>")}
    markup = "".join(f"{tags[how][0]}{esc(text)}{tags[how][1]}" for text, how in pieces if text)
    return Paragraph(markup, STYLES[style], bulletText=bullet)


class _DoubleRule(Flowable):
    """The double line under the letterhead."""

    def wrap(self, avail_width, avail_height):
        self.width, self.height = avail_width, 8
        return self.width, self.height

    def draw(self):
        self.canv.setLineWidth(0.8)
        self.canv.line(0, 7, self.width, 7)
        self.canv.line(0, 5, self.width, 5)


def _logo(data, widest):
    """The logo as a flowable 2.2 cm high (narrower than `widest`: a wide logo is scaled down
    to fit its column), drawn from its bytes (never a path or a URL); None when the bytes are
    not a picture ReportLab can read (checked at upload, so only a damaged store gets here)."""
    try:
        reader = ImageReader(io.BytesIO(data))
        width, height = reader.getSize()
    except Exception:  # noqa: BLE001 - a damaged logo must not stop the minutes
        log.warning("the unit's logo could not be read: the letterhead is printed without it")
        return None
    scale = min(LOGO_HEIGHT / height, widest / width)
    return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def kop(model, orientation=PORTRAIT):
    """The letterhead (kop surat), as exports/docx/layout.kop draws it: the logo on the left;
    the institution and the unit in bold capitals, the address and contacts small, centred;
    a double rule under it. Without a letterhead set, the unit's name alone over the rule."""
    letterhead = model["forum"]["kop"]
    lines = [para(line.upper(), "kop") for line in (letterhead["heading"], letterhead["name"]) if line]
    lines += [para(line, "kop_small") for line in (letterhead["address"], letterhead["contact_line"])
              if line]
    width, side = TEXT_WIDTH[orientation], 2.6 * cm
    logo = _logo(letterhead["logo"], side - 0.2 * cm) if letterhead["logo"] else None
    if logo is None and len(lines) == 1:  # no letterhead set: as the documents always had it
        return [para(letterhead["name"].upper(), "unit"), _DoubleRule()]
    table = Table([[logo or "", lines, ""]], colWidths=[side, width - 2 * side, side],
                  hAlign="CENTER")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                               ("ALIGN", (0, 0), (0, 0), "LEFT"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return [table, _DoubleRule()]


def where(forum):
    """Where the forum met, as the Notulen DOCX's "Tempat/tautan": the place, the online
    meeting or both, as its mode says; a publication names the platform only (the link may
    carry the meeting's passcode)."""
    place, link = forum["place"], forum["online_url"] or forum["online_platform"]
    shown = {"online": [link], "hybrid": [place, link]}.get(forum["mode"], [place])
    return "; ".join(part for part in shown if part) or DOTS


def numbered(names, last="", style="item"):
    """A numbered list; `last` ends each item but the last with ";" and the last with it."""
    names = list(names)
    return [para(name + (";" if last and n < len(names) else last), style, bullet=f"{n}.")
            for n, name in enumerate(names, start=1)]


def legal_basis(forum):
    """"Dasar:" and the numbered laws, the unit's own additions after them (as the DOCX)."""
    return [para("Dasar:", "h2"), *numbered(forum["legal_basis"], last=".")]


def attachments(names):
    """"Lampiran:" and the documents that go with this one, kept together."""
    return [KeepTogether([para("Lampiran:", "h2"), *numbered(names)])]


def heading(model, name, orientation=PORTRAIT):
    """The letterhead, then the document's name and the forum's title."""
    return [*kop(model, orientation), para(name, "h1"), para(model["forum"]["title"], "doctitle")]


@contextmanager
def gc_paused():
    """No cyclic garbage collection while a document is laid out: a 10,000-input layout makes
    millions of small objects, and each collection would walk the whole minutes model again
    (half a second of a Notulen's build). What the build leaves is collected afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Canvas(Canvas):
    """A canvas that holds every page back until the end, so each footer can say how many
    pages there are: "Halaman 3 dari 412"."""

    def __init__(self, *args, footer=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._held, self._footer = [], footer

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        for state in self._held:
            self.__dict__.update(state)
            self._footer(self, total)
            super().showPage()
        super().save()


def _fit(text, font, size, width):
    """`text` on one line of `width` points, cut with "…" when longer."""
    text = " ".join(clean(text).split())
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest start that fits with the "…"
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def build(model, name, story, orientation=PORTRAIT, note=""):
    """The PDF bytes of `story` on A4 pages: from page 2 a running header with the document's
    `name` and the forum's title; on every page "Halaman X dari Y", and `note` (bold, left)."""
    forum = model["forum"]
    size = landscape(A4) if orientation == LANDSCAPE else A4
    top, right, bottom, left = MARGINS[orientation]
    width, height = size
    out = io.BytesIO()
    doc = BaseDocTemplate(out, pagesize=size, leftMargin=left, rightMargin=right, topMargin=top,
                          bottomMargin=bottom, title=xml_safe(f"{name} - {forum['title']}"),
                          author=xml_safe(forum["unit"]), creator="fkp", lang="id")
    # No padding: a grid row that fits the frame's height fits the page.
    frame = Frame(left, bottom, width - left - right, height - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    small = FONTS["regular"]
    title = _fit(forum["title"], small, 7.5, (width - left - right) * 0.7)

    def running_header(canv, _doc):
        canv.saveState()
        canv.setFont(small, 7.5)
        canv.setFillGray(0.27)
        y = height - top / 2
        canv.drawString(left, y, name)
        canv.drawRightString(width - right, y, title)
        canv.restoreState()

    def footer(canv, total):
        canv.saveState()
        canv.setFont(small, 7.5)
        canv.drawRightString(width - right, bottom / 2, f"Halaman {canv.getPageNumber()} dari {total}")
        if note:
            canv.setFont(FONTS["bold"], 7.5)
            canv.drawString(left, bottom / 2, note)
        canv.restoreState()

    doc.addPageTemplates([PageTemplate("first", [frame], autoNextPageTemplate="later"),
                          PageTemplate("later", [frame], onPage=running_header)])
    doc.build(story, canvasmaker=functools.partial(_Canvas, footer=footer))
    return out.getvalue()
