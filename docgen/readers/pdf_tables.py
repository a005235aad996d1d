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

from dataclasses import dataclass

SNAP = 3.0  # points: edges this close are one edge
JOIN = 3.0  # collinear edges with a gap this small are one edge
MIN_EDGE = 3.0
TOUCH = 3.0  # an edge ending this close to a crossing still reaches it


EDGE = 1.5  # points: column edges this close are one edge (across pages too)


@dataclass
class Table:
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    cells: list[tuple[float, float, float, float]]
    lone: bool = False  # one cell only

    def grid(self) -> tuple[list[tuple[tuple[float, float, float, float], int, int]], int]:
        """([(cell box, row, col)], rows): rows by distinct cell tops, columns by
        distinct left edges, both 1-based; a merged cell takes its first row and column."""
        cols = sorted({round(c[0], 1) for c in self.cells})
        rows = sorted({round(c[1], 1) for c in self.cells})

        def index(v: float, edges: list[float]) -> int:
            return min(range(len(edges)), key=lambda i: abs(edges[i] - v)) + 1

        return ([(c, index(round(c[1], 1), rows), index(round(c[0], 1), cols)) for c in self.cells],
                len(rows))


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
    return all(any(abs(x - e) <= EDGE for e in edges) for c in row for x in (c[0], c[2]))


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
    by_row: dict[float, list[tuple[float, float]]] = {}
    by_col: dict[float, list[tuple[float, float]]] = {}
    for p in points:
        by_row.setdefault(p[1], []).append(p)
        by_col.setdefault(p[0], []).append(p)

    def h_linked(a, b) -> bool:
        return bool(corners[a][0] & corners[b][0])

    def v_linked(a, b) -> bool:
        return bool(corners[a][1] & corners[b][1])

    cells = []
    for p in points:
        below = [q for q in by_col[p[0]] if q[1] > p[1]]
        right = [q for q in by_row[p[1]] if q[0] > p[0]]
        found = None
        for b in below:
            if not v_linked(p, b):
                continue
            for r in right:
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
