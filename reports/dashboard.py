"""The dashboard's tables as the page and the reports show them: the heat map and its links.

The heat map is a table: every cell prints its count, and its shade (one of five)
only repeats what the number says, so it reads without colour, on a phone, and in
a PDF alike. Each cell links to the findings it counts.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from core.caching import cached

from . import charts
from .figures import figures_keep_seconds

LEVELS = 4


def selection_query(figures: dict, **override) -> str:
    """The figures' selection as a list's query string (year, plan, period), with `override` (unit, area...)."""
    query = {name: figures[name] for name in ("year", "plan", "date_from", "date_to") if figures.get(name)}
    query.update((name, value) for name, value in override.items() if value not in (None, ""))
    return urlencode(query)


def _link_start(path: str, figures: dict) -> str:
    """`path?<selection>&`, to which a link adds its own parameters: the heat map links each cell and
    the task table four per row, all under the same selection (what `selection_query` gives, encoded once)."""
    selection = selection_query(figures)
    return f"{path}?{selection}&" if selection else f"{path}?"


def heat_map(figures: dict) -> dict:
    """Rows (units) × columns (reform areas) of shortcoming counts, each with its shade and its link."""
    areas = figures["areas"]
    peak = max((n for row in figures["by_department"] for n in row["shortcomings_by_area"].values()), default=0)
    start = _link_start(reverse("inspections:finding_search"), figures)
    of_area = {area["code"]: urlencode({"area": area["code"], "kind": "shortcoming"}) for area in areas}
    rows = []
    for row in figures["by_department"]:
        cells = []
        for area in areas:
            count = row["shortcomings_by_area"].get(area["code"], 0)
            level = math.ceil(LEVELS * count / peak) if peak and count else 0
            url = f"{start}unit={row['unit']}&{of_area[area['code']]}"  # a unit is an id: nothing to encode
            cells.append({"area": area, "count": count, "level": level, "url": url})
        rows.append({"unit": row["unit"], "name": row["name"], "cells": cells, "total": row["shortcomings"]})
    totals = [next(a["shortcomings"] for a in figures["by_area"] if a["area"] == area["code"]) for area in areas]
    return {"areas": areas, "rows": rows, "totals": totals, "peak": peak}


def task_links(figures: dict) -> dict[int, dict[str, str]]:
    """For each row: links to its tasks, all of them, by status and the overdue ones."""
    start = _link_start(reverse("remediation:task_list"), figures)
    links = {}
    for row in figures["by_department"]:
        unit = f"{start}unit={row['unit']}"
        links[row["unit"]] = {
            "all": unit,
            "overdue": f"{unit}&overdue=true",
            "accepted": f"{unit}&status=accepted",
            "submitted": f"{unit}&status=submitted",
        }
    return links


def drawn_figures(key: str, figures: dict, fresh: bool = False) -> str:
    """The figures drawn (cards, charts, heat map, tables and their links), kept with the figures.

    Drawing a province's tables and links cost most of the page, and depends on nothing
    but the figures: everyone who shares them shares the drawing. The key carries the
    time they were counted, so figures counted again are drawn again (`fresh` too: counted
    again within the same second, they keep their time). A worker that counts stale figures
    again draws them too (`reports.tasks.recount_dashboard_figures`): the first reader after a
    recount waited for the charts (260 ms in a process that had drawn none, 1.4 s under load).
    """

    def draw() -> str:
        context = {
            "figures": figures,
            "charts": charts.all_charts(figures),
            "heat": heat_map(figures),
            "links": task_links(figures),
        }
        return mark_safe(render_to_string("reports/_dashboard_figures.html", context))

    return cached(f"{key}:html:{figures['as_of']}", draw, figures_keep_seconds(), fresh=fresh)
