"""Line charts over time drawn on the server as SVG: the days to sample, the scales, the ticks
and where each label goes, on plain values (no Django here).

A chart is drawn twice, once for a wide screen and once for a phone, because an SVG scaled down
to a phone's width would shrink its text past reading; the stylesheet shows one of the two.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from math import ceil

Number = int | float | Decimal

# Lines are drawn solid, dashed or dotted, each in its own colour (trellis/charts.css), so
# that no series is told apart by colour alone.
STYLES = ("solid", "dashed", "dotted")
MARKERS = ("circle", "square", "")
MARKER_SIZE = 7
# A marker needs this much room along the line, or neighbouring markers merge into a smear.
MARKER_ROOM = 2 * MARKER_SIZE
# A rough width of a character of the chart's font, as a share of the font size: enough to
# keep labels apart without measuring text, which only a browser can do.
CHARACTER_WIDTH = 0.6
LABEL_GAP = 8
MONTH_STEPS = (1, 2, 3, 4, 6, 12, 24, 60)


@dataclass(frozen=True)
class Frame:
    """A chart's size in SVG units, the margins round its plot and how many labels fit."""

    name: str
    width: int
    height: int
    top: int
    right: int
    bottom: int
    left: int
    font_size: int
    most_x_labels: int
    most_y_steps: int

    @property
    def plot_left(self) -> int:
        return self.left

    @property
    def plot_right(self) -> int:
        return self.width - self.right

    @property
    def plot_top(self) -> int:
        return self.top

    @property
    def plot_bottom(self) -> int:
        return self.height - self.bottom

    @property
    def plot_width(self) -> int:
        return self.plot_right - self.plot_left

    @property
    def plot_height(self) -> int:
        return self.plot_bottom - self.plot_top


WIDE = Frame(
    name="wide",
    width=720,
    height=340,
    top=48,
    right=24,
    bottom=34,
    left=48,
    font_size=13,
    most_x_labels=8,
    most_y_steps=6,
)
NARROW = Frame(
    name="narrow",
    width=360,
    height=320,
    top=48,
    right=14,
    bottom=34,
    left=40,
    font_size=13,
    most_x_labels=4,
    most_y_steps=5,
)
FRAMES = (WIDE, NARROW)


# --- What a chart shows -----------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A line through dated values, with its name in the legend and how it is drawn."""

    label: str
    style: str
    points: Sequence[tuple[date, Number]]
    marker: str = ""


@dataclass(frozen=True)
class Level:
    """A value the chart measures against, drawn across the plot, such as the hours required."""

    value: Number
    label: str


@dataclass(frozen=True)
class Moment:
    """A day marked down the plot, such as today or the planned end."""

    day: date
    label: str


@dataclass(frozen=True)
class Span:
    """Days shaded on the plot, such as a break in learning; `ends` is the first day after."""

    starts: date
    ends: date


# --- How it is drawn --------------------------------------------------------------------------


@dataclass(frozen=True)
class Tick:
    position: float
    label: str
    # Where the label's middle goes: the tick's own position, unless that would push the
    # label past the edge of the chart.
    label_position: float


@dataclass(frozen=True)
class Point:
    x: float
    y: float

    @property
    def corner_x(self) -> float:
        """Return the left edge of a square marker centred on the point."""
        return round(self.x - MARKER_SIZE / 2, 1)

    @property
    def corner_y(self) -> float:
        return round(self.y - MARKER_SIZE / 2, 1)


@dataclass(frozen=True)
class DrawnSeries:
    label: str
    style: str
    marker: str
    path: str
    points: list[Point]


@dataclass(frozen=True)
class DrawnLevel:
    y: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class DrawnMoment:
    x: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class DrawnSpan:
    x: float
    width: float


@dataclass(frozen=True)
class Drawing:
    """One chart laid out in one frame: everything the template draws, in SVG units."""

    frame: Frame
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    y_title: str
    y_title_y: float
    series: list[DrawnSeries]
    levels: list[DrawnLevel]
    moments: list[DrawnMoment]
    spans: list[DrawnSpan]
    marker_size: int = MARKER_SIZE

    @property
    def marker_radius(self) -> float:
        return self.marker_size / 2


@dataclass(frozen=True)
class LegendEntry:
    label: str
    style: str
    marker: str = ""


@dataclass(frozen=True)
class LineChart:
    """A chart ready for the template: what it says in words, its legend, and its drawings."""

    summary: str
    legend: list[LegendEntry]
    drawings: list[Drawing]


# --- Days and ticks ---------------------------------------------------------------------------


def month_end(day: date) -> date:
    """Return the last day of the day's month."""
    first_of_next = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return first_of_next - timedelta(days=1)


def month_ends(first: date, before: date) -> list[date]:
    """Return the last day of each month from first's month on, from first up to (not
    including) `before`."""
    ends = []
    day = month_end(first)
    while day < before:
        ends.append(day)
        day = month_end(day + timedelta(days=1))
    return ends


def sample_days(start: date, today: date) -> list[date]:
    """Return the days a chart over time reads its values at: the start, the end of each month
    since, and today."""
    if today < start:
        return []
    return sorted({start, *month_ends(start, today), today})


def nice_ticks(largest: Number, most_steps: int) -> list[int]:
    """Return whole-number ticks from 0 to at least `largest`, evenly spaced by 1, 2 or 5
    times a power of ten, in at most `most_steps` steps."""
    largest = max(float(largest), 1.0)
    power = 1
    while True:
        for multiple in (1, 2, 5):
            step = multiple * power
            steps = ceil(largest / step)
            if steps <= most_steps:
                return [step * n for n in range(steps + 1)]
        power *= 10


def month_ticks(first: date, last: date, most: int) -> list[date]:
    """Return the first days of months from first to last, as few as `most`, spaced by a
    number of months that divides the year (so ticks fall on the same months each year)."""
    starts = []
    day = first if first.day == 1 else month_end(first) + timedelta(days=1)
    while day <= last:
        starts.append(day)
        day = month_end(day) + timedelta(days=1)
    for step in MONTH_STEPS:
        chosen = [d for d in starts if (d.year * 12 + d.month - 1) % step == 0]
        if len(chosen) <= most:
            return chosen
    return []


def text_width(text: str, font_size: int) -> float:
    """Return about how wide the text is drawn, in SVG units."""
    return len(text) * font_size * CHARACTER_WIDTH


# --- Layout -----------------------------------------------------------------------------------


class _Scale:
    """Map days and values to SVG units inside a frame's plot."""

    def __init__(self, frame: Frame, first: date, last: date, top_value: float):
        self.frame = frame
        self.first = first
        self.days = max((last - first).days, 1)
        self.top_value = top_value or 1.0

    def x(self, day: date) -> float:
        share = (day - self.first).days / self.days
        share = min(max(share, 0.0), 1.0)
        return round(self.frame.plot_left + share * self.frame.plot_width, 1)

    def y(self, value: Number) -> float:
        share = float(value) / self.top_value
        return round(self.frame.plot_bottom - share * self.frame.plot_height, 1)


def _clamped_middle(x: float, text: str, frame: Frame) -> float:
    """Return where to centre a label at x so that it stays inside the chart."""
    half = text_width(text, frame.font_size) / 2 + 2
    return round(min(max(x, half), frame.width - half), 1)


def _top_rows(frame: Frame) -> list[float]:
    """Return the baselines of the rows of labels above the plot, nearest the plot first."""
    first = frame.plot_top - LABEL_GAP
    return [first, first - frame.font_size - 4]


def _place_moments(
    frame: Frame, scale: _Scale, moments: Sequence[Moment], taken: list[tuple[float, float]]
) -> list[DrawnMoment]:
    """Put each moment's label above its line, on a second row where it would overlap."""
    rows = _top_rows(frame)
    occupied: list[list[tuple[float, float]]] = [list(taken), []]
    drawn = []
    for moment in sorted(moments, key=lambda m: m.day):
        x = scale.x(moment.day)
        middle = _clamped_middle(x, moment.label, frame)
        half = text_width(moment.label, frame.font_size) / 2
        extent = (middle - half - LABEL_GAP / 2, middle + half + LABEL_GAP / 2)
        row = next(
            (
                number
                for number, spans in enumerate(occupied)
                if all(extent[1] <= a or extent[0] >= b for a, b in spans)
            ),
            len(rows) - 1,
        )
        occupied[row].append(extent)
        drawn.append(DrawnMoment(x=x, label=moment.label, label_x=middle, label_y=rows[row]))
    return drawn


def _level_label_y(frame: Frame, y: float) -> float:
    """Return the baseline of a level's label: just below its line, or above it when the
    line runs along the bottom of the plot."""
    below = y + frame.font_size + 3
    return round(below if below <= frame.plot_bottom - 3 else y - 5, 1)


def _markers_fit(points: list[Point]) -> bool:
    """Tell whether the points are far enough apart, on average, to each carry a marker."""
    if len(points) < 2:
        return True
    return (points[-1].x - points[0].x) / (len(points) - 1) >= MARKER_ROOM


def _path(points: list[Point]) -> str:
    return "M" + " L".join(f"{p.x},{p.y}" for p in points) if points else ""


def draw(
    frame: Frame,
    *,
    first: date,
    last: date,
    series: Sequence[Series],
    levels: Sequence[Level] = (),
    moments: Sequence[Moment] = (),
    spans: Sequence[Span] = (),
    y_title: str,
    y_label: Callable[[int], str] = str,
    x_label: Callable[[date], str] = lambda day: f"{day:%b %Y}",
) -> Drawing:
    """Lay the chart out in the frame: days from first to last across, values from 0 up."""
    largest = max(
        [float(value) for s in series for _, value in s.points]
        + [float(level.value) for level in levels]
        + [0.0]
    )
    y_values = nice_ticks(largest, frame.most_y_steps)
    scale = _Scale(frame, first, last, y_values[-1])

    y_ticks = [Tick(scale.y(v), y_label(v), scale.y(v)) for v in y_values]
    x_ticks = []
    for day in month_ticks(first, last, frame.most_x_labels):
        label = x_label(day)
        x = scale.x(day)
        x_ticks.append(Tick(x, label, _clamped_middle(x, label, frame)))

    drawn_series = []
    for s in series:
        points = [Point(scale.x(day), scale.y(value)) for day, value in s.points]
        marker = s.marker if _markers_fit(points) else ""
        drawn_series.append(DrawnSeries(s.label, s.style, marker, _path(points), points))

    drawn_levels = []
    for level in levels:
        y = scale.y(level.value)
        drawn_levels.append(
            DrawnLevel(
                y=y,
                label=level.label,
                label_x=frame.plot_left + 6,
                label_y=_level_label_y(frame, y),
            )
        )

    # The axis title sits at the top left, where the first row of moment labels must avoid it.
    title_extent = (0.0, text_width(y_title, frame.font_size) + LABEL_GAP)
    drawn_moments = _place_moments(frame, scale, moments, [title_extent])

    drawn_spans = []
    for span in spans:
        x = scale.x(max(span.starts, first))
        end = scale.x(min(span.ends, last))
        if end > x:
            drawn_spans.append(DrawnSpan(x=x, width=round(end - x, 1)))

    return Drawing(
        frame=frame,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        y_title=y_title,
        y_title_y=_top_rows(frame)[0],
        series=drawn_series,
        levels=drawn_levels,
        moments=drawn_moments,
        spans=drawn_spans,
    )


def line_chart(
    *,
    summary: str,
    first: date,
    last: date,
    series: Sequence[Series],
    levels: Sequence[Level] = (),
    moments: Sequence[Moment] = (),
    spans: Sequence[Span] = (),
    span_label: str = "",
    y_title: str,
    y_label: Callable[[int], str] = str,
) -> LineChart:
    """Return the chart drawn in every frame, with its legend and its summary in words."""
    for s in series:
        if s.style not in STYLES or s.marker not in MARKERS:
            raise ValueError(f"Unknown style or marker for the series {s.label!r}.")
    legend = [LegendEntry(s.label, s.style, s.marker) for s in series]
    if spans and span_label:
        legend.append(LegendEntry(span_label, "span"))
    drawings = [
        draw(
            frame,
            first=first,
            last=last,
            series=series,
            levels=levels,
            moments=moments,
            spans=spans,
            y_title=y_title,
            y_label=y_label,
        )
        for frame in FRAMES
    ]
    return LineChart(summary=summary, legend=legend, drawings=drawings)
