"""The dashboard's charts as SVG, drawn by matplotlib: the same drawing for the page and the PDFs.

Readable without colour: every series has its own hatching (or marker and line
style), every bar and point carries its number, and the page puts the same
numbers in a table beside each chart. Text stays text in the SVG (searchable,
and read back from the PDFs). A chart is a pure function of its numbers, so it
is drawn once per set of numbers and then served from the cache.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import textwrap

from core.caching import cached

STYLE = {
    "font.family": ["DejaVu Sans"],  # has every Vietnamese letter, installed with the system's fonts
    "font.size": 9,
    "svg.fonttype": "none",  # text as <text>, not as paths
    "svg.hashsalt": "cchc",  # the same numbers give the same file (stable ids)
    "axes.spines.top": False,
    "axes.spines.right": False,
}
# A grey scale and hatches: distinct on a black-and-white printout as on a screen.
SERIES = [
    {"color": "#1f4e79", "hatch": ""},
    {"color": "#9dc3e6", "hatch": "///"},
    {"color": "#f4b183", "hatch": "|||"},  # line hatches only: a dotted one weighs 150 KB of SVG
    {"color": "#d9d9d9", "hatch": "xx"},
    {"color": "#c00000", "hatch": "\\\\\\"},
]
CACHE_SECONDS = 24 * 3600


def _matplotlib():
    """matplotlib, loaded the first time a chart is drawn: most web and worker processes never draw one,
    and importing it costs each about half a second and 30 MB. Figure objects are used directly
    (no pyplot, no display, no global state), and `savefig(format="svg")` picks the SVG backend."""
    import matplotlib.figure

    return matplotlib


def _own_ids(text: str, prefix: str) -> str:
    """Ids prefixed with the chart's name: several charts share a page, and an id may appear once on it."""
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}-\1)", text)
    return re.sub(r'href="#([^"]+)"', rf'href="#{prefix}-\1"', text)


def _svg(figure, title: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Title": title, "Date": None})
    text = buffer.getvalue()
    text = text[text.index("<svg") :]  # inline in HTML: no XML declaration or doctype
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.S)
    text = _own_ids(text, "chart-" + hashlib.sha1(title.encode()).hexdigest()[:6])
    # Scales with its container (the page's column, the PDF's text width) instead of a fixed size.
    return re.sub(r'<svg([^>]*?) width="[^"]+" height="[^"]+"', r'<svg\1 class="chart" role="img"', text, count=1)


def _cached(kind: str, data, draw) -> str:
    key = "cchc:chart:v2:" + hashlib.sha256(json.dumps([kind, data], sort_keys=True, default=str).encode()).hexdigest()

    def styled() -> str:
        with _matplotlib().rc_context(STYLE):
            return draw()

    return cached(key, styled, CACHE_SECONDS)


def _label_bars(axes, bars, values, fmt="{}") -> None:
    for bar, value in zip(bars, values, strict=True):
        if value:
            axes.annotate(
                fmt.format(value),
                (bar.get_x() + bar.get_width(), bar.get_y() + bar.get_height() / 2),
                xytext=(3, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )


def _wrapped(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(label, width)) or label


def findings_by_area(by_area: list[dict], area_names: dict[str, str]) -> str:
    """Horizontal bars per reform area: shortcomings and strengths side by side, each with its count."""
    data = [
        (_wrapped(area_names.get(row["area"], row["area"])), row["shortcomings"], row["strengths"]) for row in by_area
    ]

    def draw() -> str:
        figure = _matplotlib().figure.Figure(figsize=(7, 0.6 * len(data) + 1.0))
        axes = figure.subplots()
        positions = range(len(data))
        shortcomings = axes.barh([p + 0.2 for p in positions], [d[1] for d in data], height=0.4,
                                 label="Hạn chế", edgecolor="black", linewidth=0.5, **SERIES[4])  # fmt: skip
        strengths = axes.barh([p - 0.2 for p in positions], [d[2] for d in data], height=0.4,
                              label="Kết quả đạt được", edgecolor="black", linewidth=0.5, **SERIES[1])  # fmt: skip
        _label_bars(axes, shortcomings, [d[1] for d in data])
        _label_bars(axes, strengths, [d[2] for d in data])
        axes.set_yticks(list(positions), [d[0] for d in data])
        axes.invert_yaxis()
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False)
        axes.set_xlabel("Số nội dung ghi nhận")
        return _svg(figure, "Kết quả kiểm tra theo lĩnh vực")

    return _cached("by_area", data, draw)


TASK_SERIES = [
    ("accepted", "Đã hoàn thành"),
    ("submitted", "Đã báo cáo, chờ thẩm định"),
    ("in_progress", "Đang thực hiện"),
    ("open", "Chưa thực hiện"),
    ("returned", "Bị trả lại"),
]


def remediation_by_department(rows: list[dict]) -> str:
    """One stacked bar per department: its tasks by status, with the share done on time at the end."""
    data = [(row["name"], [row[key] for key, _ in TASK_SERIES], row["on_time_share"]) for row in rows]

    def draw() -> str:
        figure = _matplotlib().figure.Figure(figsize=(7, 0.32 * len(data) + 1.2))
        axes = figure.subplots()
        positions = list(range(len(data)))
        left = [0] * len(data)
        for index, (_key, label) in enumerate(TASK_SERIES):
            values = [d[1][index] for d in data]
            axes.barh(positions, values, left=left, height=0.7, label=label, edgecolor="black", linewidth=0.4,
                      **SERIES[index])  # fmt: skip
            left = [a + b for a, b in zip(left, values, strict=True)]
        for position, total, (_name, _values, share) in zip(positions, left, data, strict=True):
            text = f"{total} · {share} % đúng hạn" if share is not None else f"{total}"
            axes.annotate(text, (total, position), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8)
        axes.set_yticks(positions, [_wrapped(d[0], 40) for d in data])
        axes.invert_yaxis()
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08 if len(data) > 8 else -0.2), ncol=3, frameon=False)
        axes.set_xlabel("Số nhiệm vụ khắc phục")
        return _svg(figure, "Tình hình khắc phục theo đơn vị")

    return _cached("remediation", data, draw)


def trends(rows: list[dict]) -> str:
    """Year by year: shortcomings found (bars) and the share of tasks done on time (a line with markers)."""
    data = [(row["year"], row["shortcomings"], row["on_time_share"]) for row in rows]

    def draw() -> str:
        figure = _matplotlib().figure.Figure(figsize=(7, 3))
        axes = figure.subplots()
        years = [str(d[0]) for d in data]
        bars = axes.bar(years, [d[1] for d in data], label="Hạn chế phát hiện", edgecolor="black", linewidth=0.5,
                        **SERIES[1])  # fmt: skip
        for bar, value in zip(bars, [d[1] for d in data], strict=True):
            axes.annotate(str(value), (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 2),
                          textcoords="offset points", ha="center", fontsize=8)  # fmt: skip
        axes.set_ylabel("Số hạn chế")
        share_axes = axes.twinx()
        shares = [d[2] for d in data]
        share_axes.plot(years, [s if s is not None else float("nan") for s in shares], color="black",
                        linestyle="--", marker="o", label="Tỷ lệ khắc phục đúng hạn (%)")  # fmt: skip
        for year, share in zip(years, shares, strict=True):
            if share is not None:
                share_axes.annotate(f"{share} %", (year, share), xytext=(0, 6), textcoords="offset points",
                                    ha="center", fontsize=8)  # fmt: skip
        share_axes.set_ylim(0, 110)
        share_axes.set_ylabel("% đúng hạn")
        share_axes.spines["right"].set_visible(True)
        handles = axes.get_legend_handles_labels()[0] + share_axes.get_legend_handles_labels()[0]
        axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
        return _svg(figure, "Xu hướng qua các năm")

    return _cached("trends", data, draw)


def all_charts(figures: dict) -> dict[str, str]:
    """Every chart of a set of figures (the dashboard's and the reports')."""
    names = {area["code"]: area["name"] for area in figures["areas"]}
    return {
        "by_area": findings_by_area(figures["by_area"], names),
        "remediation": remediation_by_department(figures["by_department"]),
        "trends": trends(figures["trends"]),
    }
