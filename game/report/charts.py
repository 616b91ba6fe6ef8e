"""Charts for the after-action report as inline SVG, drawn in plain Python.

No browser and no plotting library: each chart is a few dozen SVG elements written as text, so
the same game always gives byte-identical charts and the report renders in milliseconds.

Every chart must survive a black-and-white office printer:

- trajectories: each team has its own dash pattern *and* marker shape, and is labelled at the
  end of its line, so no legend has to be matched by colour;
- heat maps: darkness encodes the shortfall and every cell also prints its number;
- waterfalls: gains are solid, losses are hatched, and every bar carries its signed value.

Everything a person may have typed (team names, custom shock titles, override reasons) reaches
these functions as text and is XML-escaped here, so a chart can be marked safe in a template.
"""

from __future__ import annotations

from xml.sax.saxutils import escape as _xml_escape

FONT = ("font-family=\"'DejaVu Sans', 'Noto Sans CJK KR', 'Noto Sans CJK JP', "
        "'Noto Sans CJK SC', Helvetica, Arial, sans-serif\"")

#: one style per series: (stroke colour, dash pattern, marker). Okabe-Ito colours for colour
#: readers, dashes and markers for everyone else.
SERIES_STYLES: tuple[tuple[str, str, str], ...] = (
    ("#000000", "", "circle"),
    ("#0072B2", "7 3", "square"),
    ("#D55E00", "2 3", "triangle"),
    ("#009E73", "9 3 2 3", "diamond"),
    ("#6a3d9a", "4 2 1 2 1 2", "cross"),
    ("#555555", "12 4", "circle-open"),
    ("#E69F00", "1 2", "square-open"),
    ("#56B4E9", "5 5", "triangle-open"),
)


def esc(text: object) -> str:
    return _xml_escape(str(text), {'"': "&quot;", "'": "&#39;"})


def _n(x: float) -> str:
    """Coordinates with two decimals at most and no '-0': stable, short output."""
    s = f"{x:.2f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def signed(x: float, digits: int = 1) -> str:
    v = round(x, digits)
    if v == 0:
        return f"{0:.{digits}f}"
    return f"+{v:.{digits}f}" if v > 0 else f"\u2212{-v:.{digits}f}"


def _svg_open(w: float, h: float, title: str, cls: str) -> list[str]:
    head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {cls}" '
            f'viewBox="0 0 {_n(w)} {_n(h)}" width="{_n(w)}" height="{_n(h)}" role="img" '
            f'aria-label="{esc(title)}" {FONT} font-size="11">')
    return [head, f"<title>{esc(title)}</title>"]


def _marker(kind: str, x: float, y: float, colour: str, r: float = 3.6) -> str:
    fill = "#ffffff" if kind.endswith("-open") else colour
    base = kind.removesuffix("-open")
    common = f'fill="{fill}" stroke="{colour}" stroke-width="1.3"'
    if base == "circle":
        return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="{_n(r)}" {common}/>'
    if base == "square":
        return (f'<rect x="{_n(x - r)}" y="{_n(y - r)}" width="{_n(2 * r)}" height="{_n(2 * r)}" '
                f"{common}/>")
    if base == "triangle":
        pts = f"{_n(x)},{_n(y - r * 1.2)} {_n(x - r * 1.15)},{_n(y + r)} {_n(x + r * 1.15)},{_n(y + r)}"
        return f'<polygon points="{pts}" {common}/>'
    if base == "diamond":
        pts = f"{_n(x)},{_n(y - r * 1.3)} {_n(x + r * 1.1)},{_n(y)} {_n(x)},{_n(y + r * 1.3)} {_n(x - r * 1.1)},{_n(y)}"
        return f'<polygon points="{pts}" {common}/>'
    # cross
    return (f'<path d="M{_n(x - r)},{_n(y - r)}L{_n(x + r)},{_n(y + r)}M{_n(x - r)},{_n(y + r)}'
            f'L{_n(x + r)},{_n(y - r)}" stroke="{colour}" stroke-width="2" fill="none"/>')


def _nice_range(lo: float, hi: float, step: float = 10.0) -> tuple[float, float]:
    lo = step * (lo // step)
    hi = step * -(-hi // step)
    if hi - lo < step * 2:
        hi = lo + step * 2
    return max(0.0, lo), hi


def _spread(ys: list[float], gap: float, lo: float, hi: float) -> list[float]:
    """Move label positions apart by at least `gap`, keeping their order, inside [lo, hi]."""
    order = sorted(range(len(ys)), key=lambda i: (ys[i], i))
    out = list(ys)
    for k in range(1, len(order)):
        a, b = order[k - 1], order[k]
        if out[b] - out[a] < gap:
            out[b] = out[a] + gap
    overflow = out[order[-1]] - hi if order else 0
    if overflow > 0:
        for i in order:
            out[i] -= overflow
        for k in range(len(order) - 2, -1, -1):
            a, b = order[k], order[k + 1]
            if out[b] - out[a] < gap:
                out[a] = out[b] - gap
    return [max(lo, y) for y in out]


def line_chart(
    series: list[dict],
    x_labels: list[str],
    title: str,
    y_label: str = "",
    width: float = 640,
    height: float = 300,
) -> str:
    """Lines for several series: `series` = [{"label": "KOR", "values": [float, ...]}].

    Each line ends in a direct label (no legend to decode) and carries its own dash pattern and
    marker, so the chart reads the same printed in grey."""
    left, right, top, bottom = 46.0, 124.0, 16.0, 40.0
    pw, ph = width - left - right, height - top - bottom
    values = [v for s in series for v in s["values"] if v is not None]
    lo, hi = _nice_range(min(values, default=0.0), max(values, default=100.0))
    n = max(1, len(x_labels) - 1)

    def X(i: int) -> float:
        return left + pw * i / n

    def Y(v: float) -> float:
        return top + ph * (1 - (v - lo) / (hi - lo))

    out = _svg_open(width, height, title, "line-chart")
    step = 10.0 if hi - lo > 20 else 5.0
    v = lo
    while v <= hi + 1e-9:
        y = Y(v)
        out.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(left + pw)}" y2="{_n(y)}" '
                   f'stroke="#d0d0d0" stroke-width="0.6"/>')
        out.append(f'<text x="{_n(left - 6)}" y="{_n(y + 4)}" text-anchor="end">{_n(v)}</text>')
        v += step
    for i, lab in enumerate(x_labels):
        out.append(f'<text x="{_n(X(i))}" y="{_n(top + ph + 16)}" text-anchor="middle">'
                   f"{esc(lab)}</text>")
    out.append(f'<line x1="{_n(left)}" y1="{_n(top + ph)}" x2="{_n(left + pw)}" y2="{_n(top + ph)}" '
               f'stroke="#000" stroke-width="0.8"/>')
    out.append(f'<text x="{_n(left + pw / 2)}" y="{_n(height - 6)}" text-anchor="middle">Round</text>')
    if y_label:
        out.append(f'<text transform="translate(12 {_n(top + ph / 2)}) rotate(-90)" '
                   f'text-anchor="middle">{esc(y_label)}</text>')
    ends: list[float] = []
    for k, s in enumerate(series):
        colour, dash, marker = SERIES_STYLES[k % len(SERIES_STYLES)]
        pts = [(X(i), Y(val)) for i, val in enumerate(s["values"]) if val is not None]
        if not pts:
            ends.append(top)
            continue
        d = " ".join(("M" if j == 0 else "L") + f"{_n(x)},{_n(y)}" for j, (x, y) in enumerate(pts))
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="1.8"{dash_attr}/>')
        for x, y in pts:
            out.append(_marker(marker, x, y, colour))
        ends.append(pts[-1][1])
    label_ys = _spread(ends, 13.0, top + 4, top + ph)
    longest = max((len(str(s["label"])) for s in series), default=0)
    value_x = left + pw + 27 + 8.4 * longest + 5
    for k, s in enumerate(series):
        colour, dash, marker = SERIES_STYLES[k % len(SERIES_STYLES)]
        x_end = left + pw
        ly = label_ys[k]
        out.append(f'<line x1="{_n(x_end + 4)}" y1="{_n(ends[k])}" x2="{_n(x_end + 14)}" '
                   f'y2="{_n(ly)}" stroke="{colour}" stroke-width="0.7"/>')
        out.append(_marker(marker, x_end + 20, ly, colour, 3.0))
        out.append(f'<text x="{_n(x_end + 27)}" y="{_n(ly + 4)}" font-weight="bold">'
                   f"{esc(s['label'])}</text>")
        last = next((val for val in reversed(s["values"]) if val is not None), None)
        if last is not None:
            out.append(f'<text x="{_n(value_x)}" y="{_n(ly + 4)}">{last:.1f}</text>')
    out.append("</svg>")
    return "\n".join(out)


def _wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap for column titles."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _grey(share: float) -> str:
    """White for no shortfall to near-black for total shortfall (perceptually even steps)."""
    share = min(1.0, max(0.0, share))
    level = round(255 - 215 * (share ** 0.6))
    return f"#{level:02x}{level:02x}{level:02x}"


def heat_map(
    panels: list[dict],
    rows: list[str],
    cols: list[str],
    title: str,
    width: float = 640,
) -> str:
    """Side-by-side grids: `panels` = [{"title": str, "values": {row: {col: share 0-1}}}].

    A cell shows the share of the row's needs met at the column's stage; its darkness is the
    shortfall, and the number is printed in it so no shade has to be read against a key."""
    label_w = 52.0
    gap = 18.0
    cell_h = 22.0
    n = max(1, len(panels))
    pw = (width - label_w - gap * (n - 1) - 4) / n
    cw = pw / max(1, len(cols))
    heads = [_wrap(str(c), max(6, int(cw / 5.4))) for c in cols]
    n_lines = max((len(h) for h in heads), default=1)
    top = 22.0 + 11 * n_lines
    height = top + cell_h * len(rows) + 44
    out = _svg_open(width, height, title, "heat-map")
    for p, panel in enumerate(panels):
        x0 = label_w + p * (pw + gap)
        out.append(f'<text x="{_n(x0 + pw / 2)}" y="13" text-anchor="middle" font-weight="bold">'
                   f"{esc(panel['title'])}</text>")
        for j, lines in enumerate(heads):
            cx = x0 + cw * (j + 0.5)
            offset = n_lines - len(lines)  # short titles sit on the lowest line
            for li, ln in enumerate(lines):
                out.append(f'<text x="{_n(cx)}" y="{_n(27 + 11 * (li + offset))}" '
                           f'text-anchor="middle" font-size="9">{esc(ln)}</text>')
        for i, row in enumerate(rows):
            y = top + i * cell_h
            if p == 0:
                out.append(f'<text x="{_n(label_w - 6)}" y="{_n(y + cell_h / 2 + 4)}" '
                           f'text-anchor="end" font-weight="bold">{esc(row)}</text>')
            for j, col in enumerate(cols):
                met = panel["values"].get(row, {}).get(col)
                x = x0 + cw * j
                if met is None:
                    out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cw)}" height="{_n(cell_h)}" '
                               f'fill="#ffffff" stroke="#999" stroke-width="0.5"/>')
                    continue
                short = 1.0 - met
                fill = _grey(short)
                ink = "#ffffff" if short > 0.35 else "#000000"
                out.append(f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(cw)}" height="{_n(cell_h)}" '
                           f'fill="{fill}" stroke="#666" stroke-width="0.5"/>')
                out.append(f'<text x="{_n(x + cw / 2)}" y="{_n(y + cell_h / 2 + 4)}" '
                           f'text-anchor="middle" fill="{ink}">{round(100 * met):d}%</text>')
    # key: a strip of shades with numbers
    ky = top + cell_h * len(rows) + 14
    out.append(f'<text x="{_n(label_w)}" y="{_n(ky + 10)}" font-size="9">Needs met '
               f"(darker: larger shortfall)</text>")
    kx = label_w + 200
    for k, met in enumerate((1.0, 0.9, 0.75, 0.5, 0.25, 0.0)):
        x = kx + k * 44
        short = 1 - met
        out.append(f'<rect x="{_n(x)}" y="{_n(ky)}" width="40" height="14" fill="{_grey(short)}" '
                   f'stroke="#666" stroke-width="0.5"/>')
        ink = "#ffffff" if short > 0.35 else "#000000"
        out.append(f'<text x="{_n(x + 20)}" y="{_n(ky + 10.5)}" text-anchor="middle" font-size="9" '
                   f'fill="{ink}">{round(met * 100)}%</text>')
    out.append("</svg>")
    return "\n".join(out)


def waterfall(
    start: float,
    steps: list[dict],
    end: float,
    title: str,
    uid: str,
    start_label: str = "Start",
    end_label: str = "End",
    width: float = 640,
) -> str:
    """A horizontal waterfall: from `start`, each of `steps` ([{"label", "delta"}]) moves the
    running total, down to `end`. Gains are solid grey, losses are hatched; each bar prints its
    signed value. `uid` keeps the hatch pattern's id unique when many charts share one page."""
    label_w = 250.0
    right = 56.0
    bar_h = 16.0
    row_h = 22.0
    top = 10.0
    rows = [(start_label, None, start)] + [(s["label"], s["delta"], None) for s in steps]
    rows.append((end_label, None, end))
    height = top + row_h * len(rows) + 26
    running = start
    spans: list[tuple[float, float]] = []
    for _label, delta, total in rows:
        if delta is None:
            spans.append((0.0, total))
        else:
            spans.append((running, running + delta))
            running += delta
    lo = min(min(a, b) for a, b in spans)
    hi = max(max(a, b) for a, b in spans)
    # zoom on the part that moves: a score of 70 +-5 would be invisible on a 0-100 axis
    span_lo = min(min(a, b) for a, b in spans[1:-1]) if len(spans) > 2 else lo
    span_hi = max(max(a, b) for a, b in spans[1:-1]) if len(spans) > 2 else hi
    span_lo, span_hi = min(span_lo, start, end), max(span_hi, start, end)
    pad = max(2.0, (span_hi - span_lo) * 0.15)
    axis_lo = max(0.0, 5 * ((span_lo - pad) // 5))
    axis_hi = 5 * -(-(span_hi + pad) // 5)
    pw = width - label_w - right

    def X(v: float) -> float:
        return label_w + pw * (v - axis_lo) / (axis_hi - axis_lo)

    pid = f"hatch-{esc(uid)}"
    out = _svg_open(width, height, title, "waterfall")
    out.append(f'<defs><pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse" '
               f'patternTransform="rotate(45)"><rect width="5" height="5" fill="#ffffff"/>'
               f'<line x1="0" y1="0" x2="0" y2="5" stroke="#000" stroke-width="1.6"/></pattern></defs>')
    # grid
    step = 5.0 if axis_hi - axis_lo <= 25 else 10.0 if axis_hi - axis_lo <= 60 else 20.0
    v = axis_lo
    axis_y = top + row_h * len(rows) + 2
    while v <= axis_hi + 1e-9:
        x = X(v)
        out.append(f'<line x1="{_n(x)}" y1="{_n(top)}" x2="{_n(x)}" y2="{_n(axis_y)}" '
                   f'stroke="#dddddd" stroke-width="0.6"/>')
        out.append(f'<text x="{_n(x)}" y="{_n(axis_y + 13)}" text-anchor="middle" font-size="9">'
                   f"{_n(v)}</text>")
        v += step
    if axis_lo > 0:
        out.append(f'<text x="{_n(label_w - 16)}" y="{_n(axis_y + 13)}" text-anchor="end" '
                   f'font-size="9" fill="#444">score axis starts at {_n(axis_lo)}</text>')
    for i, ((label, delta, total), (a, b)) in enumerate(zip(rows, spans)):
        y = top + i * row_h
        text = str(label)
        if len(text) > 40:
            text = text[:39] + "\u2026"
        weight = ' font-weight="bold"' if delta is None else ""
        out.append(f'<text x="{_n(label_w - 8)}" y="{_n(y + bar_h / 2 + 4)}" text-anchor="end"'
                   f' font-size="10"{weight}>{esc(text)}</text>')
        x1, x2 = X(max(axis_lo, min(a, b))), X(max(a, b))
        w = max(1.0, x2 - x1)
        if delta is None:
            fill, value = "#4d4d4d", f"{total:.1f}"
        elif delta >= 0:
            fill, value = "#9a9a9a", signed(delta)
        else:
            fill, value = f"url(#{pid})", signed(delta)
        out.append(f'<rect x="{_n(x1)}" y="{_n(y)}" width="{_n(w)}" height="{_n(bar_h)}" '
                   f'fill="{fill}" stroke="#000" stroke-width="0.8"/>')
        out.append(f'<text x="{_n(x1 + w + 4)}" y="{_n(y + bar_h / 2 + 4)}"{weight}>{value}</text>')
        if i < len(rows) - 1:
            nxt = b if delta is not None else total
            out.append(f'<line x1="{_n(X(nxt))}" y1="{_n(y + bar_h)}" x2="{_n(X(nxt))}" '
                       f'y2="{_n(y + row_h)}" stroke="#000" stroke-width="0.6" stroke-dasharray="2 2"/>')
    out.append("</svg>")
    return "\n".join(out)


__all__ = ["SERIES_STYLES", "esc", "heat_map", "line_chart", "signed", "waterfall"]
