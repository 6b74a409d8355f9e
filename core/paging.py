"""Pages of a list, counted once: a list that already counted its rows does not count them again;
and pages of a list sorted block by block, read without sorting the whole list."""

from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Count, QuerySet, Window

from .caching import cached_for_queryset
from .forms import parse_id


class CountedPaginator(Paginator):
    """A Paginator told the number of rows (e.g. from a counts-by-status query that ran anyway)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its value


class UncountedPaginator(CountedPaginator):
    """Told the rows up to the next page only: its pages say "page 3", not "page 3 of 4"
    (includes/pagination.html asks for `uncounted`)."""

    uncounted = True


MAX_OFFSET = 2**31


def page_without_count(rows: QuerySet, number, per_page: int) -> Page:
    """A page read with one row more than it shows, which tells whether another page follows: no
    COUNT. Its paginator knows the rows up to the next page only (no "page X of Y")."""
    number = parse_id(number) or 1
    start = (number - 1) * per_page
    if start > MAX_OFFSET:  # past any list, and past what the database takes as an OFFSET
        return page_without_count(rows, 1, per_page)
    read = list(rows[start : start + per_page + 1])
    if not read and number > 1:  # past the end: the first page, as get_page gives the last
        return page_without_count(rows, 1, per_page)
    return Page(read[:per_page], number, UncountedPaginator(read, per_page, count=start + len(read)))


def page_of(rows, number, per_page: int, count: int | None = None):
    paginator = Paginator(rows, per_page) if count is None else CountedPaginator(rows, per_page, count=count)
    return paginator.get_page(number)


class BlockPaginator(Paginator):
    """Pages of rows listed block by block: newest visit first, then each visit's rows in its own order.

    Sorting every row by its block's date is what a province's lists spent most on (50,000
    findings joined to their visits and sorted, to show 25). Counting the rows per block
    instead (one grouped query over the block's index) tells which few blocks a page covers,
    and only their rows are read and sorted. `sort_keys(ids)` gives each block its sort key
    (not None); the rows' own order must start with that key and the block, both descending,
    ties between keys going to the higher id: e.g. ("-visit__scheduled_on", "-visit_id", ...).
    A short list (`SORTED_UP_TO` rows, e.g. a search's few matches) is simply sorted: its
    blocks would be read whole for a few rows each, re-checking the search on every row.
    """

    SORTED_UP_TO = 2000

    def __init__(
        self, rows: QuerySet, per_page, *, block: str, sort_keys: Callable[[list], dict], short=False, **kwargs
    ):
        """`short`: the list is probably short (a search's matches): its page is read first, sorted,
        counting every row in the same query (a window count), and the blocks counted only if the
        list turns out long, instead of scanning the matches twice."""
        super().__init__(rows, per_page, **kwargs)
        self.block, self.sort_keys, self.short = block, sort_keys, short
        if not short:
            self._count_blocks()

    def _count_blocks(self) -> None:
        rows, block = self.object_list, self.block
        sizes = rows.order_by().values_list(block).annotate(size=Count(block))
        # Kept until a table the rows read is written (core.caching; read afresh when one is not watched).
        self.sizes = cached_for_queryset(f"block-sizes:{block}", rows, None, lambda: dict(plain_rows(sizes)))
        self.__dict__["count"] = sum(self.sizes.values())

    def get_page(self, number):
        if self.short and "count" not in self.__dict__:
            found = self._short_page(number)
            if found is not None:
                return found
            self._count_blocks()  # long after all, or a page past its end
        return super().get_page(number)

    def _short_page(self, number):
        if self.orphans:  # a last page taking the orphans needs the count first
            return None
        try:
            number = max(int(number), 1)
        except (TypeError, ValueError):
            number = 1
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list.annotate(_listed=Window(Count("pk")))[bottom : bottom + self.per_page])
        if not rows or rows[0]._listed > self.SORTED_UP_TO:
            return None
        self.__dict__["count"] = rows[0]._listed
        return self._get_page(rows, number, self)

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if self.count <= self.SORTED_UP_TO:
            return self._get_page(self.object_list[bottom:top], number, self)
        covered, skip = self._blocks_between(bottom, top)
        rows = self.object_list.filter(**{f"{self.block}__in": covered})[skip : skip + top - bottom]
        return self._get_page(rows, number, self)

    def _blocks_between(self, bottom: int, top: int) -> tuple[list, int]:
        """The blocks holding rows bottom..top-1 in list order, and how many rows of the first come before."""
        sizes = self.sizes
        keys = self.sort_keys(list(sizes))
        order = sorted(zip(map(keys.__getitem__, sizes), sizes, sizes.values(), strict=True), reverse=True)
        covered, start, skip = [], 0, 0
        for _key, block_id, size in order:
            if start >= top:
                break
            if start + size > bottom:
                if not covered:
                    skip = bottom - start
                covered.append(block_id)
            start += size
        return covered, skip


def plain_rows(queryset: QuerySet) -> list[tuple]:
    """The rows as the database sends them: ids and counts need no converting, which Django does row
    by row for a COUNT (a generator step and a call each: a province list counts 500 visits).
    Dates come as the driver gives them (date objects on PostgreSQL, ISO text on SQLite): fine for
    sort keys, not for printing."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:
        return []
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
