"""The dashboard's tables as the page and the reports show them: the heat map and its links.

The heat map is a table: every cell prints its count, and its shade (one of five)
only repeats what the number says, so it reads without colour, on a phone, and in
a PDF alike. Each cell links to the findings it counts.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.urls import reverse

LEVELS = 4


def selection_query(figures: dict, **override) -> str:
    """The figures' selection as a list's query string (year, plan, period), with `override` (unit, area...)."""
    query = {name: figures[name] for name in ("year", "plan", "date_from", "date_to") if figures.get(name)}
    query.update((name, value) for name, value in override.items() if value not in (None, ""))
    return urlencode(query)


def heat_map(figures: dict) -> dict:
    """Rows (units) × columns (reform areas) of shortcoming counts, each with its shade and its link."""
    areas = figures["areas"]
    peak = max((n for row in figures["by_department"] for n in row["shortcomings_by_area"].values()), default=0)
    findings = reverse("inspections:finding_search")
    rows = []
    for row in figures["by_department"]:
        cells = []
        for area in areas:
            count = row["shortcomings_by_area"].get(area["code"], 0)
            level = math.ceil(LEVELS * count / peak) if peak and count else 0
            query = selection_query(figures, unit=row["unit"], area=area["code"], kind="shortcoming")
            cells.append({"area": area, "count": count, "level": level, "url": f"{findings}?{query}"})
        rows.append({"unit": row["unit"], "name": row["name"], "cells": cells, "total": row["shortcomings"]})
    totals = [next(a["shortcomings"] for a in figures["by_area"] if a["area"] == area["code"]) for area in areas]
    return {"areas": areas, "rows": rows, "totals": totals, "peak": peak}


def task_links(figures: dict) -> dict[int, dict[str, str]]:
    """For each row: links to its tasks, all of them, by status and the overdue ones."""
    tasks = reverse("remediation:task_list")
    links = {}
    for row in figures["by_department"]:
        unit = row["unit"]
        links[unit] = {
            "all": f"{tasks}?{selection_query(figures, unit=unit)}",
            "overdue": f"{tasks}?{selection_query(figures, unit=unit, overdue='true')}",
            **{s: f"{tasks}?{selection_query(figures, unit=unit, status=s)}" for s in ("accepted", "submitted")},
        }
    return links
