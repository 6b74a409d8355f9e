"""A page's related rows read by the page's ids and kept as plain lists under `prefetched(name)`.

Django's prefetch_related filters the related rows by the parent objects themselves
(`finding__in=[<Finding>, ...]`), which its query builder resolves object by object: ~50 calls
an object and relation, 21,000 for the indicators and evidence of a page of 200 findings. Here
the same rows are read with the parents' ids in one array parameter (`core.lookups.Ids`), in the
order Django's prefetch gives them (the related model's ordering), and kept under
`prefetched(name)`, which the API's fields read.
"""

from collections import defaultdict

from django.db.models import QuerySet

from .lookups import Ids


def prefetched(name: str) -> str:
    """The attribute that keeps the plain list of relation `name` (`Prefetch(name, to_attr=...)` too)."""
    return f"{name}_prefetched"


def kept_list(instance, name: str) -> list | None:
    """The kept list of `name`, or None (none made; a dict, e.g. validated data, has none)."""
    return getattr(instance, "__dict__", {}).get(prefetched(name))


def prefetched_list(instance, name: str) -> list:
    """The related objects `name` of `instance`: its kept list if any, else the relation's."""
    kept = kept_list(instance, name)
    return kept if kept is not None else list(getattr(instance, name).all())


def keep(instance, name: str, rows) -> None:
    """Keep `rows` as `instance`'s relation `name`: rows a service has just written, which a page
    would otherwise read back (a finding's indicators and evidence, as saved)."""
    instance.__dict__[prefetched(name)] = list(rows)


class Represented(list):
    """Related values kept as the API writes them (ids, codes): the field returns them as they are."""


def keep_children(parents: list, name: str, queryset: QuerySet | None = None) -> None:
    """Each parent's rows of the reverse foreign key `name` (a finding's "indicators"), as objects."""
    if not parents:
        return
    relation = type(parents[0])._meta.get_field(name)
    key = relation.field  # the children's foreign key to the parent
    children = queryset if queryset is not None else relation.related_model._default_manager.all()
    rows = ((getattr(child, key.attname), child) for child in children.filter(**_of(key.name, parents)))
    _keep(parents, name, rows, list)


def keep_related_values(parents: list, name: str, column: str = "pk") -> None:
    """Each parent's `column` ("pk", or e.g. "code") of the many-to-many `name`, read from the link table."""
    if not parents:
        return
    field = type(parents[0])._meta.get_field(name)
    source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
    ordering = [_under(target, order) for order in field.related_model._meta.ordering or ["pk"]]
    value = f"{target}_id" if column == "pk" else f"{target}__{column}"
    links = field.remote_field.through.objects.filter(**_of(source, parents))
    _keep(parents, name, links.order_by(*ordering).values_list(f"{source}_id", value), Represented)


def _of(key: str, parents: list) -> dict:
    """The filter on `key` (a foreign key to the parents) by the parents' ids, as one array."""
    return {f"{key}__pk__in_array": Ids([parent.pk for parent in parents])}


def _keep(parents: list, name: str, rows, kind: type) -> None:
    """Each parent's related values from (parent id, value) rows, as a `kind` list under `prefetched(name)`."""
    by_parent = defaultdict(kind)
    for parent_id, related in rows:
        by_parent[parent_id].append(related)
    for parent in parents:
        parent.__dict__[prefetched(name)] = by_parent.get(parent.pk) or kind()


def _under(target: str, order: str) -> str:
    """The related model's ordering, seen from the link table (`-year` → `-plan__year`)."""
    return f"-{target}__{order[1:]}" if order.startswith("-") else f"{target}__{order}"
