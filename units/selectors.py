"""Reads of the organisation registry, and the one place that decides scope.

Every other app asks `scope_paths(user)` (or `in_scope_q(user, ...)`) which
part of the unit tree a user may see; nothing else re-implements that rule.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from core.caching import cached_query_result

from .models import (
    PROVINCE_WIDE_ROLES,
    UNIT_ROLES,
    Reorganisation,
    ReorganisationKind,
    Role,
    Unit,
    UnitVersion,
    User,
    VersionName,
    pick_version,
    within_paths_q,
)

# Who inherits whose records is kept this long at most (see _inheritance_links).
LINEAGE_SECONDS = 60
# Kinds of reorganisation after which the successor inherits the predecessor's records.
INHERITING_KINDS = (ReorganisationKind.MERGE, ReorganisationKind.SPLIT)


def province_path(unit: Unit) -> str:
    """Tree path of the province (the root) that `unit` belongs to."""
    return "/" + unit.path.strip("/").split("/")[0] + "/"


def _inheritance_links() -> list[tuple[int, int, str, str]]:
    """(successor id, predecessor id, predecessor path, successor path) for every merge and split.

    Read for every request of a unit's user (their scope), so kept until a reorganisation or a
    unit is written (core.caching; the tables are watched in units.apps).
    """
    sql, params = _inheritance_sql()
    # A minute at most: it decides what a unit's people see, and a stamp lost while Redis was away
    # (or per-process caches without Redis) must not keep an old lineage for ten.
    return cached_query_result("inheritance-links", sql, params, lambda: list(_inheritance_query()), LINEAGE_SECONDS)


def _inheritance_query():
    return (
        Reorganisation.objects.filter(kind__in=INHERITING_KINDS, predecessors__isnull=False)
        .values_list("successors", "predecessors", "predecessors__path", "successors__path")
        .distinct()
    )


@functools.cache
def _inheritance_sql() -> tuple[str, tuple]:
    # The same query for everyone: compiled once, not on every request of a unit's user.
    return _inheritance_query().query.sql_with_params()


def successors() -> dict[int, int]:
    """Predecessor id → the unit that inherited its records (a split's first successor), for every merge and split."""
    found: dict[int, int] = {}
    for successor, predecessor, *_paths in sorted(_inheritance_links(), key=lambda link: (link[1], link[0] or 0)):
        if successor is not None and successor != predecessor:
            found.setdefault(predecessor, successor)
    return found


def predecessor_closure(unit_ids: Iterable[int], links=None) -> dict[int, str]:
    """Every unit that `unit_ids` descend from through merges and splits: {id: path}."""
    links = _inheritance_links() if links is None else links
    by_successor: dict[int, list[tuple[int, str]]] = {}
    for successor, predecessor, path, _successor_path in links:
        if successor is not None and successor != predecessor:
            by_successor.setdefault(successor, []).append((predecessor, path))
    found: dict[int, str] = {}
    frontier = list(unit_ids)
    while frontier:
        current = frontier.pop()
        for predecessor, path in by_successor.get(current, ()):
            if predecessor not in found:
                found[predecessor] = path
                frontier.append(predecessor)
    return found


def _covering(paths: Iterable[str]) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    result: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return result


def scope_paths(user: User) -> list[str] | None:
    """The subtrees `user` may see, as tree paths; None means everything.

    Administrators see everything; Home Affairs staff, inspectors and clerks see
    the province of their home unit; unit heads and staff see their unit's
    subtree plus every unit it (or a unit below it) was merged or split from,
    so records of a predecessor stay visible to its successor. Cached on the
    user object for the request.
    """
    cached = getattr(user, "_cchc_scope_paths", False)
    if cached is not False:
        return cached
    if not user.is_authenticated:
        result: list[str] | None = []
    elif user.is_administrator:
        result = None
    elif user.unit_id is None:
        result = []
    elif user.role in PROVINCE_WIDE_ROLES:
        result = [province_path(user.unit)]
    elif user.role in UNIT_ROLES:
        result = lineage_paths(user.unit)
    else:
        result = []
    user._cchc_scope_paths = result
    return result


def lineage_paths(unit: Unit) -> list[str]:
    """The unit's subtree and the subtrees of every unit it (or a unit below it) was merged or split from."""
    links = _inheritance_links()
    # The units of the subtree that inherited something, found by their paths in the kept links:
    # no query for the subtree's ids on each request of a unit's user.
    heirs = {link[0] for link in links if link[3] is not None and link[3].startswith(unit.path)}
    inherited = predecessor_closure(heirs, links)
    return _covering([unit.path, *inherited.values()])


def units_visible_to(user: User) -> QuerySet[Unit]:
    paths = scope_paths(user)
    if paths is None:
        return Unit.objects.all()
    return Unit.objects.within(*paths)


def in_scope_q(user: User, unit_field: str) -> Q:
    """Rows whose unit (`unit_field`, e.g. "unit" or "visit__unit") lies in `user`'s scope.

    A prefix match on the joined unit's path rather than `unit IN (SELECT id FROM units ...)`:
    the same rows, but PostgreSQL plans a list's joins 2-3 ms faster without the semi-join,
    and a list that shows the unit joins it anyway.
    """
    paths = scope_paths(user)
    return Q() if paths is None else within_paths_q(paths, prefix=f"{unit_field}__")


def keeps_reference_data(user: User) -> bool:
    """Who keeps their province's people and numbering series: administrators and Home Affairs."""
    return user.is_authenticated and user.is_active and (user.is_administrator or user.role == Role.HOME_AFFAIRS)


def people_visible_to(user: User) -> QuerySet[User]:
    """Accounts whose unit `user` may see (administrators: every account, unit or not)."""
    paths = scope_paths(user)
    if paths is None:
        return User.objects.all()
    return User.objects.filter(within_paths_q(paths, prefix="unit__"))


def get_unit_for(user: User, pk) -> Unit:
    """The unit `pk` if `user` may see it; 404 for missing and not-yours alike."""
    try:
        return units_visible_to(user).select_related("parent", "head").get(pk=pk)
    except (Unit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def unit_lineage_ids(unit: Unit) -> list[int]:
    """`unit` and every unit it descends from through merges and splits."""
    return [unit.pk, *predecessor_closure([unit.pk])]


def unit_history(unit: Unit) -> dict:
    """Every name the unit has had and every reorganisation it took part in."""
    versions = list(unit.versions.select_related("parent", "reorganisation").order_by("valid_from", "pk"))
    unit_prefetch = Prefetch("predecessors", queryset=Unit.objects.only("pk", "name", "valid_to"))
    successor_prefetch = Prefetch("successors", queryset=Unit.objects.only("pk", "name", "valid_to"))
    reorganisations = list(
        Reorganisation.objects.filter(Q(predecessors=unit) | Q(successors=unit))
        .distinct()
        .prefetch_related(unit_prefetch, successor_prefetch)
        .select_related("created_by")
        .order_by("effective_on", "pk")
    )
    _attach_before_after(unit, versions, reorganisations)
    return {"versions": versions, "reorganisations": reorganisations}


def _attach_before_after(unit: Unit, versions: list[UnitVersion], reorganisations: list[Reorganisation]) -> None:
    """On a rename or move of `unit`, `.before` and `.after`: its version just before and from that day.

    The unit row holds only today's name, so without these a rename reads "new name → new name".
    """
    for reorganisation in reorganisations:
        reorganisation.before = reorganisation.after = None
        if reorganisation.kind not in (ReorganisationKind.RENAME, ReorganisationKind.MOVE):
            continue
        for index, version in enumerate(versions):
            if version.reorganisation_id == reorganisation.pk:
                reorganisation.after = version
                reorganisation.before = versions[index - 1] if index else None
                break


def unit_versions_for(unit_ids: Iterable[int]) -> dict[int, list[VersionName]]:
    """All versions of the given units in one query, for naming them as of a date (`pick_version`).

    Names and dates only, as plain rows: a list page names each of its rows' units so, and a model
    object per version was a sixteenth of a findings search on the province."""
    result: dict[int, list[VersionName]] = {}
    rows = UnitVersion.objects.filter(unit_id__in=list(unit_ids)).order_by("unit_id", "valid_from", "pk")
    for unit_id, *columns in rows.values_list("unit_id", "name", "valid_from", "valid_to"):
        result.setdefault(unit_id, []).append(VersionName(*columns))
    return result


PATH_SEPARATOR = " → "


def unit_path_labels(units: QuerySet[Unit], keep: Iterable[int] = (), ended: bool = False) -> list[tuple[int, str]]:
    """(id, "Sở KH&CN → Chi cục TCĐLCL") for each existing unit of `units`, in tree order (one query).

    Same-name units are told apart by where they sit; the province (the root) is
    left out of the path while there is only one, which every reader knows. Units merged away or dissolved are not
    offered, except those of `keep` (the value an old record already holds) or all of them with `ended`,
    marked as ended.
    """
    keep = set(keep)
    if not ended:
        units = units.filter(Q(valid_to__isnull=True) | Q(pk__in=keep))
    rows = list(units.order_by("path").values_list("pk", "name", "short_name", "path", "valid_to"))
    short = {pk: short_name or name for pk, name, short_name, _path, _end in rows}
    labels = []
    first = 0 if len({path.split("/")[1] for *_rest, path, _end in rows}) > 1 else 1
    for pk, name, _short_name, path, valid_to in rows:
        ancestors = [int(part) for part in path.strip("/").split("/")[first:-1]]
        label = PATH_SEPARATOR.join([*(short[a] for a in ancestors if a in short), name])
        if valid_to is not None:
            label = _("%(label)s (ended %(date)s)") % {"label": label, "date": valid_to.strftime("%d/%m/%Y")}
        labels.append((pk, label))
    return labels


def ancestry_on(unit: Unit, day) -> set[int]:
    """The unit and every unit above it, as the tree stands now and as it stood on `day`.

    A division moved to another department in 2025 still lay under its old one for a 2020 visit.
    One query per level of the dated tree (a province is four levels deep).
    """
    found = {unit.pk, *unit.ancestor_ids()}
    current, seen = unit.pk, set()
    while current is not None and current not in seen:
        seen.add(current)
        versions = list(UnitVersion.objects.filter(unit_id=current).order_by("valid_from", "pk"))
        version = pick_version(versions, day)
        current = version.parent_id if version is not None else None
        if current is not None:
            found.add(current)
    return found
