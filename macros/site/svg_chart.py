"""A line chart written as inline SVG at build time: no script, no font, nothing fetched from outside.

Months on the x axis, one line per series, a missing value breaks the line, a dashed target line,
and the points that miss the target drawn as diamonds (a shape, not only a colour).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from macros.site.html import escape

WIDTH, PLOT_HEIGHT = 720, 240
LEFT, RIGHT, TOP, AXIS_BAND, LEGEND_ROW = 64, 24, 28, 40, 22
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
        f'style="font-family: inherit" font-size="12" fill="{INK}">',
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
        colour = COLOURS[index % len(COLOURS)]
        parts += _line(name, line, colour, chart, x, y)
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


def _line(name: str, line: list[float | None], colour: str, chart: Chart, x, y) -> list[str]:
    parts = []
    segment: list[str] = []
    for index, value in enumerate(line + [None]):
        if value is None:  # a missing month ends the segment: the line is broken, not drawn through zero
            if len(segment) > 1:
                parts.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{colour}" stroke-width="2"/>')
            segment = []
            continue
        segment.append(f"{x(index):.1f},{y(value):.1f}")
    for index, value in enumerate(line):
        if value is None:
            continue
        missed = chart.misses(value)
        tip = f"{name}, {chart.x_labels[index]} : {chart.value_text(value)}" + (f" ({MISSED})" if missed else "")
        parts.append(_marker(x(index), y(value), colour, missed, tip))
    return parts


def _marker(cx: float, cy: float, colour: str, missed: bool, tip: str) -> str:
    title = f"<title>{escape(tip)}</title>"
    if missed:  # a diamond, larger than the dots: readable in black and white, whatever the target's direction
        points = f"{cx:.1f},{cy - 7:.1f} {cx + 7:.1f},{cy:.1f} {cx:.1f},{cy + 7:.1f} {cx - 7:.1f},{cy:.1f}"
        return f'<polygon points="{points}" fill="{MISSED_FILL}" stroke="{INK}" stroke-width="1">{title}</polygon>'
    return f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{colour}">{title}</circle>'


def _legend_columns(labels: list[str]) -> int:
    """As many legend columns as the longest label allows (about 6.5 units a character at font size 12)."""
    widest = 32 + 6.5 * max(len(label) for label in labels)
    return max(1, min(MAX_LEGEND_COLUMNS, int((WIDTH - LEFT - RIGHT) // widest)))


def _legend(names: list[str], target_label: str, top: float, columns: int) -> list[str]:
    column_width = (WIDTH - LEFT - RIGHT) / columns
    entries = [(name, "series", COLOURS[i % len(COLOURS)]) for i, name in enumerate(names)]
    entries += [(target_label, "target", INK), (MISSED, "missed", MISSED_FILL)]
    parts = []
    for index, (label, kind, colour) in enumerate(entries):
        row, column = divmod(index, columns)
        lx, ly = LEFT + column * column_width, top + row * LEGEND_ROW
        line = f'<line x1="{lx:.1f}" x2="{lx + 24:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" stroke="{colour}" '
        if kind == "target":
            swatch = line + 'stroke-width="1.5" stroke-dasharray="6 4"/>'
        elif kind == "missed":
            swatch = _marker(lx + 12, ly, colour, True, label)
        else:
            swatch = line + f'stroke-width="2"/><circle cx="{lx + 12:.1f}" cy="{ly:.1f}" r="3.5" fill="{colour}"/>'
        parts.append(f'{swatch}<text x="{lx + 32:.1f}" y="{ly + 4:.1f}">{escape(label)}</text>')
    return parts
