"""Pages of a list, counted once: a list that already counted its rows does not count them again."""

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A Paginator told the number of rows (e.g. from a counts-by-status query that ran anyway)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property: this is its value


def page_of(rows, number, per_page: int, count: int | None = None):
    paginator = Paginator(rows, per_page) if count is None else CountedPaginator(rows, per_page, count=count)
    return paginator.get_page(number)
