"""Reading printed pages back: text boxes, filled rectangles and margins of a PDF (pypdf)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Box:
    """A run of glyphs printed on one baseline: its box in points (origin bottom left)."""

    page: int
    glyphs: int
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: Box) -> tuple[float, float]:
        """Width and height the two boxes share (0 when they do not meet)."""
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(width, 0.0), max(height, 0.0)

    def __str__(self) -> str:
        return (
            f"page {self.page + 1}: {self.glyphs} glyph(s) at x {self.x0 / MM:.1f}-{self.x1 / MM:.1f} mm, "
            f"y {self.y0 / MM:.1f}-{self.y1 / MM:.1f} mm"
        )


def _apply(m: list[float], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _operations(stream, resources, reader: PdfReader, depth: int = 0):
    """The content stream's operations, with each form XObject it draws (``Do``) spliced in between
    ``q`` / its matrix / ``Q`` (Chromium draws boxes with rounded corners in forms)."""
    xobjects = resources.get("/XObject", {}) if resources else {}
    for operands, op in ContentStream(stream, reader, "bytes").operations:
        if op == b"Do" and depth < 8 and operands[0] in xobjects:
            form = xobjects[operands[0]].get_object()
            if form.get("/Subtype") == "/Form":
                yield [], b"q"
                yield [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])], b"cm"
                yield from _operations(form, form.get("/Resources", resources), reader, depth + 1)
                yield [], b"Q"
            continue
        yield operands, op


def _page_operations(page, reader: PdfReader):
    contents = page.get("/Contents")
    if contents is None:
        return iter(())
    return _operations(contents.get_object(), page.get("/Resources"), reader)


def text_boxes(page, reader: PdfReader, number: int = 0) -> list[Box]:
    """Every run of glyphs on one baseline, with its box (ascent 0.8, descent 0.2 of the font size).

    Reads the content stream itself (the transformation and text matrices, ``Tf``, ``Td``, ``Tj``):
    Chromium places every glyph with its own ``Tj``, so the runs' boxes are where the glyphs are;
    the last glyph of a run is taken as 0.3 em wide.
    """
    contents = page.get("/Contents")
    if contents is None:
        return []
    ctm = [1.0, 0, 0, 1.0, 0, 0]
    stack: list[list[float]] = []
    tm = tlm = [1.0, 0, 0, 1.0, 0, 0]
    size, leading = 0.0, 0.0
    glyphs: list[tuple[float, float, float]] = []  # x, baseline y, font size (points)
    boxes: list[Box] = []

    def flush() -> None:
        run: list[tuple[float, float, float]] = []
        end = (0.0, float("nan"), 0.0)
        for glyph in [*sorted(glyphs, key=lambda g: (round(-g[1], 1), g[0])), end]:
            apart = not run or abs(glyph[1] - run[-1][1]) > 0.5 or glyph[0] - run[-1][0] > 1.5 * run[-1][2]
            if run and (apart or glyph is end):
                em, base = max(g[2] for g in run), run[0][1]
                boxes.append(
                    Box(number, len(run), run[0][0], base - 0.2 * em, run[-1][0] + 0.3 * em, base + 0.8 * em)
                )
                run = []
            run.append(glyph)
        glyphs.clear()

    for operands, op in _page_operations(page, reader):
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q" and stack:
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == b"BT":
            tm = tlm = [1.0, 0, 0, 1.0, 0, 0]
        elif op == b"ET":
            flush()
        elif op == b"Tf":
            size = float(operands[1])
        elif op == b"TL":
            leading = float(operands[0])
        elif op == b"Tm":
            tm = tlm = [float(v) for v in operands]
        elif op in (b"Td", b"TD", b"T*"):
            dx, dy = (float(operands[0]), float(operands[1])) if op != b"T*" else (0.0, -leading)
            if op == b"TD":
                leading = -dy
            tm = tlm = _multiply([1.0, 0, 0, 1.0, dx, dy], tlm)
        elif op in (b"Tj", b"TJ", b"'", b'"'):
            full = _multiply(tm, ctm)
            x, y = _apply(full, 0.0, 0.0)
            scale = abs(full[0] * full[3] - full[1] * full[2]) ** 0.5
            glyphs.append((x, y, size * scale))
    flush()
    return boxes


def overprinted(boxes: list[Box], tolerance: float = 0.35) -> list[tuple[Box, Box]]:
    """Pairs of runs printed over each other: they share more than ``tolerance`` of the smaller run's
    height and more than a third of an em of width. Runs of at most three glyphs both (the numbered
    points of a scatter chart, which may touch) are left out."""
    pairs = []
    for i, one in enumerate(boxes):
        for other in boxes[i + 1:]:
            if one.glyphs <= 3 and other.glyphs <= 3:
                continue
            width, height = one.overlap(other)
            smaller = min(one.y1 - one.y0, other.y1 - other.y0)
            if width > smaller / 3 and height > tolerance * smaller:
                pairs.append((one, other))
    return pairs


@dataclass(frozen=True)
class Fill:
    """A filled rectangle: its colour (#rrggbb) and its size in points."""

    color: str
    width: float
    height: float


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def filled_rectangles(page, reader: PdfReader) -> list[Fill]:
    """The shapes a page's content stream fills (rectangles, rounded boxes, chart bars as paths):
    each one's RGB colour and the size of its bounding box."""
    contents = page.get("/Contents")
    if contents is None:
        return []
    ctm = [1.0, 0, 0, 1.0, 0, 0]
    stack: list[tuple[list[float], str]] = []
    color = "#000000"
    points: list[tuple[float, float]] = []
    fills = []
    for operands, op in _page_operations(page, reader):
        if op == b"q":
            stack.append((ctm, color))
        elif op == b"Q" and stack:
            ctm, color = stack.pop()
        elif op == b"cm":
            ctm = _multiply([float(v) for v in operands], ctm)
        elif op == b"rg":
            color = "#" + "".join(f"{round(float(v) * 255):02x}" for v in operands)
        elif op == b"re":
            x, y, width, height = (float(v) for v in operands)
            points += [_apply(ctm, x, y), _apply(ctm, x + width, y + height)]
        elif op in (b"m", b"l", b"c", b"v", b"y"):
            values = [float(v) for v in operands]
            points += [_apply(ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)]
        elif op in (b"f", b"F", b"f*", b"B", b"b", b"B*", b"b*"):
            if points:
                xs, ys = [pt[0] for pt in points], [pt[1] for pt in points]
                fills.append(Fill(color, max(xs) - min(xs), max(ys) - min(ys)))
            points = []
        elif op in (b"n", b"S", b"s"):
            points = []
    return fills


def read_pdf(path: Path) -> PdfReader:
    """The PDF at ``path``."""
    return PdfReader(str(path))


def page_size_mm(page) -> tuple[float, float]:
    """Width and height of a page in millimetres."""
    box = page.mediabox
    return float(box.width) / MM, float(box.height) / MM
