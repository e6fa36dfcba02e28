"""A line chart written as inline SVG at build time: no script, no font, nothing fetched from outside.

Months on the x axis, one line per series, a missing value breaks the line, a dashed target line.
Each series has its own colour, marker shape and line style, and its name written at its end, so
that the chart reads in black and white; a point that misses the target is drawn larger, filled
red and ringed in black. Text is at least 15 units high in a 720-unit drawing that is never shown
narrower than 600 px (it scrolls in its region on a phone): 12 px or more on screen.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from macros.site.html import escape

WIDTH, PLOT_HEIGHT = 720, 260
LEFT, RIGHT, TOP, AXIS_BAND, LEGEND_ROW = 64, 150, 30, 44, 26
FONT_SIZE = 15
SHAPES = ("circle", "square", "triangle", "down", "plus")
DASHES = ("", "9 4", "2 3", "10 3 2 3", "5 2")
END_LABEL_CHARACTERS = 17
MAX_LEGEND_COLUMNS = 3
COLOURS = ("#000091", "#18753c", "#8f3700", "#a558a0", "#3a3a3a", "#0063cb", "#716043")
MISSED_FILL, INK, GRID = "#ce0500", "#1e1e1e", "#d0d0d0"
MISSED = "cible non atteinte"


@dataclass(frozen=True)
class Chart:
    label: str  # the chart's accessible name: what it shows and where the values are given as text
    x_labels: list[str]  # one per month
    series: dict[str, list[float | None]]  # name -> one value (or None: missing) per month
    target: float
    target_label: str  # `cible ≥ 95 %`
    unit: str
    misses: Callable[[float], bool]  # the value misses the target (under a minimum, over a maximum)
    value_text: Callable[[float], str]
    bounds: tuple[float | None, float | None] = (None, None)  # (0, 100) for a percentage


def line_chart(chart: Chart) -> str:
    """The `<svg>` element, one line of text (a raw HTML block for Markdown)."""
    count = len(chart.x_labels)
    values = [v for line in chart.series.values() for v in line if v is not None] + [chart.target]
    low, high = _domain(min(values), max(values), chart.bounds)
    columns = _legend_columns([*chart.series, chart.target_label, MISSED])
    legend_rows = math.ceil((len(chart.series) + 2) / columns)
    height = TOP + PLOT_HEIGHT + AXIS_BAND + legend_rows * LEGEND_ROW + 8
    plot_width = WIDTH - LEFT - RIGHT

    def x(index: int) -> float:
        return LEFT + plot_width * (index + 0.5) / max(count, 1)

    def y(value: float) -> float:
        return TOP + PLOT_HEIGHT * (high - value) / (high - low)

    parts = [
        f'<svg class="qd-chart-svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(chart.label)}" '
        f'style="font-family: inherit" font-size="{FONT_SIZE}" fill="{INK}">',
        f"<title>{escape(chart.label)}</title>",
    ]
    parts += _y_axis(low, high, y, chart.unit)
    parts += _x_axis(chart.x_labels, x)
    target_y = y(chart.target)
    parts.append(
        f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{target_y:.1f}" y2="{target_y:.1f}" stroke="{INK}" '
        'stroke-width="1.5" stroke-dasharray="6 4"/>'
        f'<text x="{WIDTH - RIGHT}" y="{target_y - 5:.1f}" text-anchor="end">{escape(chart.target_label)}</text>'
    )
    for index, (name, line) in enumerate(chart.series.items()):
        parts += _line(name, line, index, chart, x, y)
    parts += _end_labels(chart, x, y)
    parts += _legend(list(chart.series), chart.target_label, TOP + PLOT_HEIGHT + AXIS_BAND, columns)
    parts.append("</svg>")
    return "".join(parts)


def _domain(low: float, high: float, bounds: tuple[float | None, float | None]) -> tuple[float, float]:
    """Values and target with a margin, kept within the bounds (no 104 % on the axis)."""
    margin = (high - low) * 0.1 or max(abs(high) * 0.1, 1.0)
    low, high = low - margin, high + margin
    if bounds[0] is not None:
        low = max(low, bounds[0])
    if bounds[1] is not None:
        high = min(high, bounds[1])
    return (low, high) if high > low else (low - 1, high + 1)


def _step(span: float, wanted: int = 5) -> float:
    raw = span / wanted
    magnitude = 10 ** math.floor(math.log10(raw))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _y_axis(low: float, high: float, y: Callable[[float], float], unit: str) -> list[str]:
    step = _step(high - low)
    tick = math.ceil(low / step) * step
    parts = [f'<text x="{LEFT - 8}" y="{TOP - 12}" text-anchor="end">{escape(unit)}</text>']
    while tick <= high + step * 1e-9:
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{GRID}"/>'
            f'<text x="{LEFT - 8}" y="{ty + 4:.1f}" text-anchor="end">{_number(round(tick, 6))}</text>'
        )
        tick += step
    bottom = TOP + PLOT_HEIGHT
    parts.append(f'<line x1="{LEFT}" x2="{LEFT}" y1="{TOP}" y2="{bottom}" stroke="{INK}"/>')
    return parts


def _x_axis(labels: list[str], x: Callable[[int], float]) -> list[str]:
    bottom = TOP + PLOT_HEIGHT
    every = max(1, math.ceil(len(labels) / 8))
    parts = [f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{bottom}" y2="{bottom}" stroke="{INK}"/>']
    for index, label in enumerate(labels):
        tx = x(index)
        parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{bottom}" y2="{bottom + 4}" stroke="{INK}"/>')
        if index % every == 0:
            parts.append(f'<text x="{tx:.1f}" y="{bottom + 18}" text-anchor="middle">{escape(label)}</text>')
    return parts


def _style(index: int) -> tuple[str, str, str]:
    """Colour, marker shape and dash pattern of the `index`-th series: three cues, not one."""
    return COLOURS[index % len(COLOURS)], SHAPES[index % len(SHAPES)], DASHES[index % len(DASHES)]


def _line(name: str, line: list[float | None], index: int, chart: Chart, x, y) -> list[str]:
    colour, shape, dash = _style(index)
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    parts = []
    segment: list[str] = []
    for month, value in enumerate(line + [None]):
        if value is None:  # a missing month ends the segment: the line is broken, not drawn through zero
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" stroke-width="2"{dashes}/>'
                )
            segment = []
            continue
        segment.append(f"{x(month):.1f},{y(value):.1f}")
    for month, value in enumerate(line):
        if value is None:
            continue
        missed = chart.misses(value)
        tip = f"{name}, {chart.x_labels[month]} : {chart.value_text(value)}" + (f" ({MISSED})" if missed else "")
        parts.append(_marker(x(month), y(value), colour, shape, missed, tip))
    return parts


def _marker(cx: float, cy: float, colour: str, shape: str, missed: bool, tip: str = "") -> str:
    """The series' shape; a point that misses the target larger, filled red, ringed in black."""
    title = f"<title>{escape(tip)}</title>" if tip else ""
    size = 6.5 if missed else 4.5
    paint = f'fill="{MISSED_FILL}" stroke="{INK}" stroke-width="1.5"' if missed else f'fill="{colour}"'
    if shape == "square":
        side = 2 * size
        corner = f'x="{cx - size:.1f}" y="{cy - size:.1f}"'
        return f'<rect {corner} width="{side:.1f}" height="{side:.1f}" {paint}>{title}</rect>'
    if shape in ("triangle", "down"):
        tip_y, base_y = (cy - size * 1.2, cy + size) if shape == "triangle" else (cy + size * 1.2, cy - size)
        points = f"{cx:.1f},{tip_y:.1f} {cx + size * 1.1:.1f},{base_y:.1f} {cx - size * 1.1:.1f},{base_y:.1f}"
        return f'<polygon points="{points}" {paint}>{title}</polygon>'
    if shape == "plus":
        a, b = size, size / 2.6
        points = " ".join(
            f"{cx + dx:.1f},{cy + dy:.1f}"
            for dx, dy in (
                (-b, -a),
                (b, -a),
                (b, -b),
                (a, -b),
                (a, b),
                (b, b),
                (b, a),
                (-b, a),
                (-b, b),
                (-a, b),
                (-a, -b),
                (-b, -b),
            )
        )
        return f'<polygon points="{points}" {paint}>{title}</polygon>'
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{size:.1f}" {paint}>{title}</circle>'


def _end_labels(chart: Chart, x, y) -> list[str]:
    """Each series' name at its last value, right of the plot, pushed apart so that none overlap."""
    ends = []
    for index, (name, line) in enumerate(chart.series.items()):
        last = next((m for m in range(len(line) - 1, -1, -1) if line[m] is not None), None)
        if last is not None:
            ends.append([y(line[last]), name, _style(index)[0]])
    ends.sort()
    gap = FONT_SIZE + 2
    for above, below in zip(ends, ends[1:], strict=False):
        below[0] = max(below[0], above[0] + gap)
    parts = []
    for ly, name, colour in ends:
        short = _short_name(name)
        short = short if len(short) <= END_LABEL_CHARACTERS else short[: END_LABEL_CHARACTERS - 1] + "…"
        parts.append(
            f'<text x="{WIDTH - RIGHT + 8}" y="{ly + 5:.1f}" fill="{colour}" font-weight="700">{escape(short)}</text>'
        )
    return parts


_SITE_PREFIX = re.compile(
    r"^(?:sous-préfecture|préfecture|mairie annexe|mairie|site)\s*(?:-\s*)?(?:de la |de l'|d'|de |du |des )?", re.I
)


def _short_name(name: str) -> str:
    """A site's distinctive part for the label at the end of its line (`Sous-préfecture d'Arles` → `Arles`);
    the legend keeps the whole name."""
    short = _SITE_PREFIX.sub("", name).strip()
    return short[:1].upper() + short[1:] if short else name


def _legend_columns(labels: list[str]) -> int:
    """As many legend columns as the longest label allows (about 8 units a character at font size 15)."""
    widest = 36 + 8 * max(len(label) for label in labels)
    return max(1, min(MAX_LEGEND_COLUMNS, int((WIDTH - LEFT) // widest)))


def _legend(names: list[str], target_label: str, top: float, columns: int) -> list[str]:
    column_width = (WIDTH - LEFT) / columns
    entries = [(name, "series", i) for i, name in enumerate(names)]
    entries += [(target_label, "target", 0), (MISSED, "missed", 0)]
    parts = []
    for index, (label, kind, series) in enumerate(entries):
        row, column = divmod(index, columns)
        lx, ly = LEFT + column * column_width, top + row * LEGEND_ROW
        if kind == "target":
            swatch = (
                f'<line x1="{lx:.1f}" x2="{lx + 28:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" stroke="{INK}" '
                'stroke-width="1.5" stroke-dasharray="6 4"/>'
            )
        elif kind == "missed":
            swatch = _marker(lx + 14, ly, INK, "circle", True)
        else:
            colour, shape, dash = _style(series)
            dashes = f' stroke-dasharray="{dash}"' if dash else ""
            swatch = (
                f'<line x1="{lx:.1f}" x2="{lx + 28:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" stroke="{colour}" '
                f'stroke-width="2"{dashes}/>' + _marker(lx + 14, ly, colour, shape, False)
            )
        parts.append(f'{swatch}<text x="{lx + 36:.1f}" y="{ly + 5:.1f}">{escape(label)}</text>')
    return parts
