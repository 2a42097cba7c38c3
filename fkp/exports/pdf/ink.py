"""Plain text measured, wrapped and written straight into a PDF page: the cheap path that lets
a Matriks of 10,000 rows or a Notulen of 10,000 inputs build in seconds.

ReportLab's Paragraph parses markup and lays out each word as an object; at 70,000 table
cells that alone takes longer than the whole document may. Here a piece of text is only
ever a string: words are measured once each (a forum repeats its words), lines are made
by breaking at spaces, and a line is written as one PDF text operator with its bytes hex-
encoded. Nothing is parsed, so attendee text can never be markup, an image or a link.

A word is broken inside only when it is wider than the whole line (a long URL), never to
fill a line: "Pemenangan" stays "Pemenangan".
"""
import re

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from ..cells import xml_safe

# What XML cannot hold (control characters) is dropped; a tab reads as a space; every
# line ending becomes "\n", a line break.
_BREAKS = re.compile("\r\n|\r|\u2028|\u2029")
_WIDTHS_KEPT = 200_000  # distinct words measured per face before the memo starts over


def clean(text):
    """`text` as a string that can be written: None as "", control characters dropped."""
    return _BREAKS.sub("\n", xml_safe(text)).replace("\t", " ")


class Face:
    """A registered font at one size, with its line height; measures words once each."""

    def __init__(self, font, size, leading=None):
        self.font, self.size = font, size
        self.leading = leading or round(size * 1.3, 2)
        self.space = pdfmetrics.stringWidth(" ", font, size)
        self._widths = {}

    def width(self, word):
        known = self._widths.get(word)
        if known is None:
            if len(self._widths) > _WIDTHS_KEPT:
                self._widths.clear()
            known = self._widths[word] = pdfmetrics.stringWidth(word, self.font, self.size)
        return known

    def __repr__(self):
        return f"Face({self.font!r}, {self.size})"


def _atoms(runs):
    """The runs [(face, text)] as atoms: [width, [(face, piece), ...]] for a stretch with no
    space in it (it may change face: "Diterima" in bold then "." plain), None for a line
    break. A line may only break between atoms."""
    atoms, glue = [], False
    for face, text in runs:
        if not text:
            continue
        for number, part in enumerate(clean(text).split("\n")):
            if number:
                atoms.append(None)
                glue = False
            words = part.split(" ")
            for index, word in enumerate(words):
                if index:
                    glue = False
                if not word:
                    continue
                if glue and atoms and atoms[-1] is not None:
                    atoms[-1][0] += face.width(word)
                    atoms[-1][1].append((face, word))
                else:
                    atoms.append([face.width(word), [(face, word)]])
                glue = True
    return atoms


def _broken(atom, width):
    """An atom wider than a whole line (a URL), cut into pieces that each fit: after its last
    "/" that fits ("sesuai/" "dijelaskan"), else after the last letter that fits."""
    chars = [(face, char, face.width(char)) for face, text in atom[1] for char in text]
    cuts, start, used, slash = [], 0, 0.0, None
    for index, (_face, char, w) in enumerate(chars):
        if index > start and used + w > width:
            cut = slash if slash is not None and slash > start else index
            cuts.append((start, cut))
            start, slash = cut, None
            used = sum(c[2] for c in chars[start:index])
        used += w
        if char == "/":
            slash = index + 1
    cuts.append((start, len(chars)))
    pieces = []
    for first, last in cuts:
        segments = []
        for face, char, _w in chars[first:last]:
            if segments and segments[-1][0] is face:
                segments[-1] = (face, segments[-1][1] + char)
            else:
                segments.append((face, char))
        pieces.append([sum(c[2] for c in chars[first:last]), segments])
    return pieces


def _line(atoms):
    """(width, [(face, text)]) of atoms set one space apart, runs of one face joined."""
    segments, width = [], 0.0
    for number, (atom_width, pieces) in enumerate(atoms):
        for index, (face, text) in enumerate(pieces):
            if number and not index:
                text = " " + text
                width += face.space
            if segments and segments[-1][0] is face:
                segments[-1] = (face, segments[-1][1] + text)
            else:
                segments.append((face, text))
        width += atom_width
    return width, segments


_WRAPPED = {}  # (face, text, width) -> lines: a table repeats most of its cells
_WRAPPED_KEPT = 100_000


def wrap(runs, width):
    """The runs [(face, text)] broken into lines at most `width` points wide, at spaces only
    (a word wider than the line is cut): [(line width, [(face, text)])]; "\\n" breaks a line.
    The lines returned may be shared: never change them."""
    if len(runs) == 1:
        key = (runs[0][0], runs[0][1], width)
        lines = _WRAPPED.get(key)
        if lines is None:
            if len(_WRAPPED) > _WRAPPED_KEPT:
                _WRAPPED.clear()
            lines = _WRAPPED[key] = _plain(runs[0][0], runs[0][1], width)
        return lines
    if not any(text == "\n" for _face, text in runs):
        return _wrap(runs, width)
    # A run that is only "\n" ends a paragraph: each is wrapped alone, most of them then
    # one run (a long text) on the quick path.
    lines, paragraph = [], []
    for run in [*runs, None]:
        if run is None or run[1] == "\n":
            lines += wrap(paragraph, width) if paragraph else [(0.0, [])]
            paragraph = []
        else:
            paragraph.append(run)
    return lines


def _wrap(runs, width):
    lines, current, used = [], [], 0.0
    for atom in _atoms(runs):
        if atom is None:
            lines.append(_line(current))
            current, used = [], 0.0
            continue
        space = atom[1][0][0].space if current else 0.0
        if current and used + space + atom[0] > width:
            lines.append(_line(current))
            current, used, space = [], 0.0, 0.0
        if atom[0] > width:
            *whole, atom = _broken(atom, width)
            lines.extend(_line([piece]) for piece in whole)
        current.append(atom)
        used += space + atom[0]
    lines.append(_line(current))
    return lines


def _plain(face, text, width):
    """wrap() of one face's text on one line: most table cells, so kept short."""
    text = clean(text)
    if "\n" in text:
        return _wrap([(face, text)], width)
    lines, current, used, space, known = [], [], 0.0, face.space, face._widths
    for word in text.split(" "):
        if not word:
            continue
        w = known.get(word)
        if w is None:
            w = face.width(word)
        if current and used + space + w > width:
            lines.append((used, [(face, " ".join(current))]))
            current, used = [], 0.0
        if w > width:
            pieces = _broken([w, [(face, word)]], width)
            lines.extend((p[0], p[1]) for p in pieces[:-1])
            w, word = pieces[-1][0], pieces[-1][1][0][1]
        used = used + space + w if current else w
        current.append(word)
    lines.append((used, [(face, " ".join(current))] if current else []))
    return lines


def _encoded(canv):
    """This document's memo of encoded lines: the same text always encodes the same way in
    one document (a font subset, once assigned a character, keeps it)."""
    memo = canv.__dict__.get("_fkp_encoded")
    if memo is None:
        memo = canv.__dict__["_fkp_encoded"] = {}
    return memo


def _ascii_as_is(memo, font, doc):
    """Whether printable ASCII is its own code in the font's first subset in this document, as
    ReportLab sets it up (rl_config.ttfAsciiReadable) when the font has those letters."""
    key = ("ascii", font.fontName)
    if key not in memo:
        font.splitString(" ", doc)  # makes the font's state for this document
        assigned = font.state[doc].assignments
        memo[key] = all(assigned.get(code) == code for code in range(32, 127))
    return memo[key]


def _subsets(canv, font, text):
    """font.splitString(text) word by word, each word split once per document: the same as
    splitting the whole line, at a fraction of the cost of ReportLab's character loop over
    10,000 unique texts."""
    memo = canv.__dict__.get("_fkp_words")
    if memo is None:
        memo = canv.__dict__["_fkp_words"] = {}
    doc, chunks = canv._doc, []
    if text.isascii() and text.isprintable() and _ascii_as_is(memo, font, doc):
        return [(0, text.encode("ascii"))]
    for index, word in enumerate(text.split(" ")):
        if index and chunks and chunks[-1][0] == 0:
            chunks[-1][1].append(b" ")
        elif index:  # the space of subset 0, which always has it
            chunks.append((0, [b" "]))
        key = (font.fontName, word)
        split = memo.get(key)
        if split is None:
            split = memo[key] = font.splitString(word, doc) if word else []
        for subset, data in split:
            if chunks and chunks[-1][0] == subset:
                chunks[-1][1].append(data)
            else:
                chunks.append((subset, [data]))
    return [(subset, b"".join(parts)) for subset, parts in chunks]


def _encode(canv, face, text):
    """(first font operator, operators that show `text` after it, the same with the first
    font operator, last font operator): a TrueType font is split into its subsets (each a PDF
    font of up to 256 glyphs), a standard font encoded as WinAnsi, the bytes hex-encoded."""
    doc = canv._doc
    font = pdfmetrics.getFont(face.font)
    size = f"{face.size:g}"
    if isinstance(font, TTFont):
        chunks = [(f"{font.getSubsetInternalName(subset, doc)} {size} Tf", chunk.hex())
                  for subset, chunk in _subsets(canv, font, text)]
    else:
        chunks = [(f"{doc.getInternalFontName(face.font)} {size} Tf",
                   text.encode("cp1252", "replace").hex())]
    if not chunks:
        return None, "", "", None
    ops, current = [], chunks[0][0]
    for font_op, data in chunks:
        if font_op != current:
            ops.append(font_op)
            current = font_op
        ops.append(f"<{data}> Tj")
    shown = " ".join(ops)
    return chunks[0][0], shown, f"{chunks[0][0]} {shown}", current


def _block(canv, memo, lines, leading):
    """_encode() of wrapped `lines` set flush left, one under the other `leading` apart (T*
    moves to the next line): a table repeats most of its cells, so each block is encoded once
    per document. Kept by the identity of `lines`, which the memo holds on to."""
    known = memo.get(id(lines))
    if known is not None and known[0] is lines and known[1] == leading:
        return known[2]
    ops, first, current = [f"{leading:g} TL"], None, None
    for number, (_width, segments) in enumerate(lines):
        if number:
            ops.append("T*")
        for key in segments:
            encoded = memo.get(key)
            if encoded is None:
                encoded = memo[key] = _encode(canv, *key)
            if encoded[0] is None:
                continue
            if first is None:
                first = encoded[0]
                ops.append(encoded[1])
            else:
                ops.append(encoded[1] if encoded[0] == current else encoded[2])
            current = encoded[3]
    shown = " ".join(ops)
    result = (first, shown, f"{first} {shown}" if first else shown, current)
    memo[id(lines)] = (lines, leading, result)
    return result


def text_ops(canv, items):
    """The operators of a text object drawing `items`, in the current coordinates: one string
    to hand to canvas.addLiteral. An item is a line (x, baseline y, [(face, text)]) or a block
    of wrapped lines set flush left (x, first baseline y, lines, leading)."""
    memo = _encoded(canv)
    ops, current = ["BT"], None
    append = ops.append
    for item in items:
        append(f"1 0 0 1 {item[0]:.2f} {item[1]:.2f} Tm")
        if len(item) == 4:
            encoded = _block(canv, memo, item[2], item[3])
            if encoded[0] is None:
                continue
            append(encoded[1] if encoded[0] == current else encoded[2])
            current = encoded[3]
            continue
        for key in item[2]:
            encoded = memo.get(key)
            if encoded is None:
                encoded = memo[key] = _encode(canv, *key)
            first, shown, with_font, last = encoded
            if first is None:
                continue
            append(shown if first == current else with_font)
            current = last
    append("ET")
    return "\n".join(ops)
