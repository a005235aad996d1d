"""Table cells from a page's ruling lines (the "lines" strategy, as pdfplumber does it).

Straight segments become horizontal and vertical edges; edges close in
position are snapped together and joined; where a horizontal and a vertical
edge cross is a corner; a cell is the smallest rectangle whose four corners
exist and whose sides are drawn; cells sharing corners form one table.

Also the grid geometry the reader needs to follow a table over a page break
(`Table.grid`, `same_grid`, `same_cells`): what a page shows of a table is
one table with the part before it when it has the same outer edges and its
first row's column edges are the table's own.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import islice

SNAP = 3.0  # points: edges this close are one edge
JOIN = 3.0  # collinear edges with a gap this small are one edge
MIN_EDGE = 3.0
TOUCH = 3.0  # an edge ending this close to a crossing still reaches it
EDGE = 1.5  # points: column edges this close are one edge (across pages too)


class Table:
    """Cells sharing corners, in reading order (a plain class: a dataclass costs ~0.3 ms
    to define at every start)."""

    __slots__ = ("bbox", "cells", "lone")

    def __init__(self, bbox: tuple[float, float, float, float], cells: list[tuple[float, float, float, float]],
                 lone: bool = False) -> None:
        self.bbox = bbox  # x0, top, x1, bottom
        self.cells = cells
        self.lone = lone  # one cell only

    def grid(self) -> tuple[list[tuple[tuple[float, float, float, float], int, int]], int]:
        """([(cell box, row, col)], rows): rows by distinct cell tops, columns by
        distinct left edges, both 1-based; a merged cell takes its first row and column."""
        cols = {v: i for i, v in enumerate(sorted({round(c[0], 1) for c in self.cells}), 1)}
        rows = {v: i for i, v in enumerate(sorted({round(c[1], 1) for c in self.cells}), 1)}
        return [(c, rows[round(c[1], 1)], cols[round(c[0], 1)]) for c in self.cells], len(rows)


class CellFinder:
    """Which cell of a table holds a point, in about constant time: cells are filed in
    square buckets about a cell in size (a page of many cells stays linear)."""

    PAD = 0.5  # a point this close outside a cell's box is still in it

    def __init__(self, boxes: list[tuple[float, float, float, float]]):
        self.boxes = boxes
        if not boxes:
            self.x0 = self.y0 = 0.0
            self.size = 1.0
            self.buckets: dict[tuple[int, int], list[int]] = {}
            return
        self.x0 = min(b[0] for b in boxes) - self.PAD
        self.y0 = min(b[1] for b in boxes) - self.PAD
        area = (max(b[2] for b in boxes) + self.PAD - self.x0) * (max(b[3] for b in boxes) + self.PAD - self.y0)
        self.size = max(MIN_EDGE, (area / len(boxes)) ** 0.5)
        self.buckets = {}
        for i, (x0, y0, x1, y1) in enumerate(boxes):
            for bx in range(self._at(x0 - self.PAD, self.x0), self._at(x1 + self.PAD, self.x0) + 1):
                for by in range(self._at(y0 - self.PAD, self.y0), self._at(y1 + self.PAD, self.y0) + 1):
                    self.buckets.setdefault((bx, by), []).append(i)

    def _at(self, v: float, origin: float) -> int:
        return int((v - origin) // self.size)

    def find(self, x: float, y: float):
        """The index of the first cell (in `boxes` order) holding (x, y), or None."""
        pad = self.PAD
        for i in self.buckets.get((self._at(x, self.x0), self._at(y, self.y0)), ()):
            b = self.boxes[i]
            if b[0] - pad <= x <= b[2] + pad and b[1] - pad <= y <= b[3] + pad:
                return i
        return None


def x_edges(xs) -> list[float]:
    """The distinct values of `xs` (left and right edges), sorted."""
    out: list[float] = []
    for x in sorted(xs):
        if not out or x - out[-1] > EDGE:
            out.append(x)
    return out


def same_grid(edges: list[float], bbox, row) -> bool:
    """Can `row` (cell boxes), the first of a table part of outer box `bbox`, go on a
    table whose column edges so far are `edges`? The outer edges are the table's, and
    every edge of the row is one of its columns' (a part may use fewer columns)."""
    if not edges or abs(bbox[0] - edges[0]) > EDGE or abs(bbox[2] - edges[-1]) > EDGE:
        return False

    def known(x: float) -> bool:  # edges are sorted: look beside where x would go
        i = bisect_left(edges, x)
        return any(abs(x - edges[k]) <= EDGE for k in (i - 1, i) if 0 <= k < len(edges))

    return all(known(x) for c in row for x in (c[0], c[2]))


def same_cells(a, b) -> bool:
    """Two cell boxes with the same left and right edges (one column's cell on two pages)."""
    return abs(a[0] - b[0]) <= EDGE and abs(a[2] - b[2]) <= EDGE


def _cluster(values: list[float], tol: float) -> dict[float, float]:
    """value -> the mean of its cluster (values within `tol` of their neighbour)."""
    out: dict[float, float] = {}
    group: list[float] = []
    for v in sorted(set(values)):
        if group and v - group[-1] > tol:
            mean = sum(group) / len(group)
            out.update((g, mean) for g in group)
            group = []
        group.append(v)
    if group:
        mean = sum(group) / len(group)
        out.update((g, mean) for g in group)
    return out


def _join(edges: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """(pos, lo, hi) edges on one position merged where they overlap or nearly touch."""
    out: list[list[float]] = []
    for pos, lo, hi in sorted(edges):
        if out and out[-1][0] == pos and lo <= out[-1][2] + JOIN:
            out[-1][2] = max(out[-1][2], hi)
        else:
            out.append([pos, lo, hi])
    return [tuple(e) for e in out]  # type: ignore[misc]


def edges(segments) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) edges, snapped and joined."""
    h, v = [], []
    for x0, y0, x1, y1, _stroked in segments:
        if abs(y0 - y1) <= 1.0 and abs(x1 - x0) >= MIN_EDGE:
            h.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) <= 1.0 and abs(y1 - y0) >= MIN_EDGE:
            v.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))
    hy = _cluster([e[0] for e in h], SNAP)
    vx = _cluster([e[0] for e in v], SNAP)
    return (_join([(hy[y], a, b) for y, a, b in h]), _join([(vx[x], a, b) for x, a, b in v]))


def find_tables(segments) -> list[Table]:
    hs, vs = edges(segments)
    # corners: (x, y) -> the edges through it
    corners: dict[tuple[float, float], tuple[set, set]] = {}
    for vi, (x, top, bottom) in enumerate(vs):
        for hi, (y, left, right) in enumerate(hs):
            if left - TOUCH <= x <= right + TOUCH and top - TOUCH <= y <= bottom + TOUCH:
                hset, vset = corners.setdefault((x, y), (set(), set()))
                hset.add(hi)
                vset.add(vi)
    if not corners:
        return []
    points = sorted(corners, key=lambda p: (p[1], p[0]))
    by_row: dict[float, list[tuple[float, float]]] = {}  # left to right
    by_col: dict[float, list[tuple[float, float]]] = {}  # top to bottom
    at: dict[tuple[float, float], tuple[int, int]] = {}  # point -> its place in both
    for p in points:
        row, col = by_row.setdefault(p[1], []), by_col.setdefault(p[0], [])
        at[p] = (len(row), len(col))
        row.append(p)
        col.append(p)

    def h_linked(a, b) -> bool:
        return bool(corners[a][0] & corners[b][0])

    def v_linked(a, b) -> bool:
        return bool(corners[a][1] & corners[b][1])

    cells = []
    for p in points:
        in_row, in_col = at[p]
        right = by_row[p[1]]
        found = None
        for b in islice(by_col[p[0]], in_col + 1, None):  # the corners below p
            if not v_linked(p, b):
                continue
            for r in islice(right, in_row + 1, None):  # the corners right of p
                if not h_linked(p, r):
                    continue
                corner = (r[0], b[1])
                if corner in corners and v_linked(corner, r) and h_linked(corner, b):
                    found = (p[0], p[1], r[0], b[1])
                    break
            if found:
                break
        if found:
            cells.append(found)

    # tables: cells that share a corner, by union-find
    parent = list(range(len(cells)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, y0, x1, y1) in enumerate(cells):
        for corner in ((x0, y0), (x1, y0), (x0, y1), (x1, y1)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list] = {}
    for i, c in enumerate(cells):
        groups.setdefault(root(i), []).append(c)
    tables = []
    for group in groups.values():
        bbox = (min(c[0] for c in group), min(c[1] for c in group),
                max(c[2] for c in group), max(c[3] for c in group))
        # a lone box is a frame, not a table, unless it goes on a table from the page before
        tables.append(Table(bbox, sorted(group, key=lambda c: (c[1], c[0])), lone=len(group) < 2))
    return tables
