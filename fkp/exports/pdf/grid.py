"""Grid: a table (or a list of entries) of any length, laid out once and drawn cheaply.

Every cell is wrapped once (ink.wrap), so a row's height is known before any page is made;
a page takes as many whole rows as fit, under the header row repeated, and the rest goes on
the next page. A row is never split between its lines unless it is taller than a whole
page. The rows are drawn as raw PDF operators (ink.text_ops and one path for the rules).
Platypus sees one flowable that splits itself page by page in constant time.
"""
from bisect import bisect_right
from collections import namedtuple

from reportlab.platypus import Flowable

from . import ink

# A cell other than a plain string: runs [(face, text)], and how to place them.
Cell = namedtuple("Cell", "runs align indent valign", defaults=(None, 0, None))
# A row that is one cell across the whole table ("Belum ada masukan.").
Span = namedtuple("Span", "runs align", defaults=("center",))
Column = namedtuple("Column", "title share align", defaults=("left",))

_EPSILON = 0.01


def _baseline(top, face_size, leading):
    """The first baseline under `top` for a line box `leading` high."""
    return top - leading + 0.22 * face_size


class _Laid:
    """Rows wrapped at one width: rows[i] = (height, [(x, width, lines, align, indent,
    valign, leading, size)]), and prefix[i] the height of the rows before row i."""

    def __init__(self, grid, width):
        self.width = width
        total = sum(c.share for c in grid.columns)
        self.widths = [width * c.share / total for c in grid.columns]
        self.xs = [sum(self.widths[:n]) for n in range(len(self.widths))]
        self.grid = grid
        self.head = self._row([Cell([(grid.head_face, c.title)], "center") for c in grid.columns],
                              grid.head_pad, least=0.0) if grid.header else None
        self.rows = [self._row(r) for r in grid.rows]
        self.prefix = [0.0]
        for height, _cells in self.rows:
            self.prefix.append(self.prefix[-1] + height)

    def _row(self, row, pad=None, least=None):
        grid = self.grid
        pad_v, pad_h = pad or grid.pad
        if isinstance(row, Span):
            row = [Cell(row.runs, row.align)]
            spans = [(0.0, self.width)]
        else:
            spans = zip(self.xs, self.widths)
        cells, tallest, face = [], 0.0, grid.face
        for (x, width), (cell, column) in zip(spans, zip(row, grid.columns)):
            if not isinstance(cell, Cell):  # most cells: plain text in the grid's face
                lines = ink.wrap(((face, "" if cell is None else str(cell)),), width - 2 * pad_h)
                cells.append((x + pad_h, width - 2 * pad_h, lines, column.align, 0, grid.valign,
                              face.leading, face.size))
                tallest = max(tallest, len(lines) * face.leading)
                continue
            faces = [f for f, _text in cell.runs] or [face]
            leading = max(f.leading for f in faces)
            room = width - 2 * pad_h - cell.indent
            lines = ink.wrap(cell.runs, room) if cell.runs else []
            cells.append((x + pad_h, room, lines, cell.align or column.align, cell.indent,
                          cell.valign or grid.valign, leading, faces[0].size))
            tallest = max(tallest, len(lines) * leading)
        return max(tallest + 2 * pad_v, grid.least if least is None else least), cells

    def split_row(self, index, room):
        """Cut row `index` (taller than a page) so that its first part is at most `room`
        high; False when not even one line fits."""
        height, cells = self.rows[index]
        pad_v = self.grid.pad[0]
        first, rest = [], []
        for x, width, lines, align, indent, valign, leading, size in cells:
            keep = max(0, int((room - 2 * pad_v + _EPSILON) // leading))
            first.append((x, width, lines[:keep], align, indent, "top", leading, size))
            rest.append((x, width, lines[keep:], align, indent, "top", leading, size))
        if not any(c[2] for c in first):
            return False
        def measured(cells):
            return max(max(len(c[2]) * c[6] for c in cells) + 2 * pad_v, self.grid.least), cells
        self.rows[index:index + 1] = [measured(first), measured(rest)]
        self.prefix = self.prefix[:index + 1]
        for height, _cells in self.rows[index:]:
            self.prefix.append(self.prefix[-1] + height)
        return True


class Grid(Flowable):
    """A table of `columns` (Column: title, share of the width, alignment) and `rows` (lists of
    str or Cell, or a Span), the header row repeated on every page. `rules`: "grid" draws
    every border, "above" one thin rule above each row (a list of entries), "none" nothing.
    `width` in points (default: the frame's), `least` the least row height."""

    def __init__(self, columns, rows, face, head_face=None, header=True, pad=(2, 4),
                 head_pad=None, least=0.0, valign="top", rules="grid", width=None,
                 head_fill=0.9, strong=None, align="LEFT", space_after=5):
        super().__init__()
        self.columns, self.rows = [Column(*c) for c in columns], rows
        self.face, self.head_face = face, head_face or face
        self.header, self.pad, self.head_pad = header, pad, head_pad or pad
        self.least, self.valign, self.rules = least, valign, rules
        self.fixed_width, self.head_fill, self.hAlign = width, head_fill, align
        self.spaceAfter = space_after
        self._laid, self._start, self._end = None, 0, len(rows)

    def _lay(self, avail_width):
        width = self.fixed_width or avail_width
        if self._laid is None or abs(self._laid.width - width) > _EPSILON:
            self._laid = _Laid(self, width)
        return self._laid

    def _part(self, start, end):
        part = Grid.__new__(Grid)
        # Not what Platypus noted on this part ("_postponed": it once moved to a new page).
        part.__dict__.update((k, v) for k, v in self.__dict__.items()
                             if k not in ("_postponed", "canv", "_frame"))
        part._start, part._end = start, end
        return part

    def _head_height(self, laid):
        return laid.head[0] if laid.head else 0.0

    def wrap(self, avail_width, avail_height):
        laid = self._lay(avail_width)
        self.width = laid.width
        self.height = self._head_height(laid) + laid.prefix[self._end] - laid.prefix[self._start]
        return self.width, self.height

    def split(self, avail_width, avail_height):
        laid = self._lay(avail_width)
        start, end = self._start, self._end
        room = avail_height - self._head_height(laid)
        fits = bisect_right(laid.prefix, laid.prefix[start] + room + _EPSILON, start, end + 1) - 1
        if fits >= end:
            return [self]
        if fits > start:
            return [self._part(start, fits), self._part(fits, end)]
        # Not even the first row fits. On a fresh page it would: move on. Taller than a
        # whole page: cut it between two lines, here.
        frame = getattr(self, "_frame", None)  # Platypus sets it before asking to split
        page = frame._height if frame is not None else avail_height
        row_height = laid.rows[start][0] + self._head_height(laid)
        if row_height <= page + _EPSILON or room <= 0 or not laid.split_row(start, room):
            return []
        return [self._part(start, start + 1), self._part(start + 1, end + 1)]

    def draw(self):
        laid = self._laid
        rows = laid.rows[self._start:self._end]
        if laid.head:
            rows = [laid.head, *rows]
        top, texts, rules, fill, spanned = self.height, [], [], [], []
        for number, (height, cells) in enumerate(rows):
            bottom = top - height
            if number == 0 and laid.head and self.head_fill is not None:
                fill.append(f"0 {bottom:.2f} {laid.width:.2f} {height:.2f} re")
            for x, width, lines, align, indent, valign, leading, size in cells:
                y = _baseline(top - self.pad[0], size, leading)
                if valign == "middle":
                    y -= (height - 2 * self.pad[0] - len(lines) * leading) / 2
                if align == "left" and lines:  # most cells: one block, encoded once
                    texts.append((x + indent, y, lines, leading))
                    continue
                for line_width, segments in lines:
                    left = x + indent
                    if align == "center":
                        left += (width - line_width) / 2
                    elif align == "right":
                        left += width - line_width
                    if segments:
                        texts.append((left, y, segments))
                    y -= leading
            if self.rules == "grid" or (self.rules == "above" and not (number == 0 and laid.head)):
                rules.append(f"0 {top:.2f} m {laid.width:.2f} {top:.2f} l")
            if self.rules == "grid" and len(cells) == 1 and len(self.columns) > 1:
                spanned.append((top, bottom))  # a row across the table: no inner borders
            top = bottom
        if self.rules == "grid":
            rules.append(f"0 {top:.2f} m {laid.width:.2f} {top:.2f} l")
            rules += [f"{x:.2f} {self.height:.2f} m {x:.2f} {top:.2f} l" for x in (0.0, laid.width)]
            # The inner borders run down the whole part, broken only where a row spans it.
            stops = [self.height, *(y for span in spanned for y in span), top]
            for x in laid.xs[1:]:
                rules += [f"{x:.2f} {stops[n]:.2f} m {x:.2f} {stops[n + 1]:.2f} l"
                          for n in range(0, len(stops), 2)]
        ops = []
        if fill:
            ops.append(f"q {self.head_fill:g} g {' '.join(fill)} f Q")
        if rules:
            gray = "0 G 0.6 w" if self.rules == "grid" else "0.6 G 0.5 w"
            ops.append(f"q {gray} {' '.join(rules)} S Q")
        ops.append(ink.text_ops(self.canv, texts))
        self.canv.addLiteral("\n".join(ops))
