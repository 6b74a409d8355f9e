"""The API's ModelSerializer: the same JSON as DRF's, read with a plan made once per serializer.

DRF reads every field of every row through `Field.get_attribute`, which checks whether the
value is a mapping, whether it is a callable taking no argument (by its signature), and for an
id, builds a `PKOnlyObject` through `serializable_value` (~10 calls a field): a list of 200
findings spent a third of its time there. Here, the fields whose value is a column of the row
(a plain field, a foreign key's id, a `SerializerMethodField`) are read with `getattr` as planned
once for the serializer, and so are other attributes (properties, methods such as
`get_kind_display`, which DRF inspects on every row to know whether to call them); every other
field (nested objects, lists, sources with dots) goes through DRF as before. Each value is then written by the field's own
`to_representation` (a plain ISO 8601 datetime by `_writer`, with the time zone looked up once), and
None stays None, as in DRF. A test compares both for every serializer.
"""

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import ISO_8601, fields, relations, serializers
from rest_framework.settings import api_settings


class ModelSerializer(serializers.ModelSerializer):
    def to_representation(self, instance):
        if not isinstance(instance, self.Meta.model):
            return super().to_representation(instance)
        ret = {}
        for name, read, write, field in self._representation_plan:
            if read is None:  # DRF's way, field by field (serializers.Serializer.to_representation)
                try:
                    value = field.get_attribute(instance)
                except fields.SkipField:
                    continue
                blank = value.pk if isinstance(value, relations.PKOnlyObject) else value
                ret[name] = None if blank is None else field.to_representation(value)
                continue
            try:
                value = read(instance)
            except (AttributeError, KeyError, ObjectDoesNotExist):  # DRF decides: a default, None, or skip
                try:
                    value = field.get_attribute(instance)
                except fields.SkipField:
                    continue
            ret[name] = None if value is None else write(value) if write else value
        return ret

    @property
    def _representation_plan(self) -> list[tuple]:
        # Per serializer instance, like `fields` (a list serializer's child serves every row).
        plan = self.__dict__.get("_plan")
        if plan is None:
            plan = self.__dict__["_plan"] = [_planned(self, field) for field in self._readable_fields]
        return plan


def _planned(serializer, field) -> tuple:
    """(name, read(instance) or None for DRF's way, write(value) or None for as read, field)."""
    model = serializer.Meta.model
    if isinstance(field, serializers.SerializerMethodField):
        return field.field_name, _itself, getattr(serializer, field.method_name), field
    if len(field.source_attrs) != 1:
        return field.field_name, None, None, field
    column = _columns(model).get(field.source_attrs[0])
    if column is None:
        if type(field).get_attribute is fields.Field.get_attribute and not isinstance(field, NOT_PLAIN):
            # a property, or a method such as `get_kind_display`
            return field.field_name, _attribute_reader(field.source_attrs[0]), field.to_representation, field
        return field.field_name, None, None, field
    if type(field).get_attribute is fields.Field.get_attribute and not column.is_relation:
        return field.field_name, _reader(column.attname), _writer(field), field
    if (
        column.is_relation
        and type(field).get_attribute is relations.RelatedField.get_attribute
        and type(field).to_representation is relations.PrimaryKeyRelatedField.to_representation
        and field.pk_field is None
    ):  # the id as stored on the row (DRF: serializable_value → PKOnlyObject → .pk)
        return field.field_name, _reader(column.attname), None, field
    return field.field_name, None, None, field


# Nested objects and relations keep DRF's reading (a manager's rows, a related object's fields).
NOT_PLAIN = (serializers.BaseSerializer, relations.RelatedField, relations.ManyRelatedField)


def _columns(model) -> dict:
    """The model's own columns by name: plain fields and forward foreign keys (not reverse or many-to-many)."""
    return {f.name: f for f in model._meta.concrete_fields}


def _itself(instance):
    return instance


def _attribute_reader(name: str):
    """An attribute that is not a column, called if it is a method taking no argument, as DRF does
    (`fields.is_simple_callable`, which inspects the signature: asked once, not on every row)."""
    calls = None

    def read(instance):
        nonlocal calls
        value = getattr(instance, name)
        if calls is None:
            calls = fields.is_simple_callable(value)
        return value() if calls else value

    return read


def _writer(field):
    """The field's `to_representation`; for a plain DateTimeField in ISO 8601, the same string written
    with the time zone looked up once per serializer: DRF asks Django for the request's current
    zone on every value (~25 calls each; a page of 200 findings has 400 datetimes)."""
    plain = (
        type(field).to_representation is fields.DateTimeField.to_representation
        and type(field).enforce_timezone is fields.DateTimeField.enforce_timezone
    )
    output_format = getattr(field, "format", api_settings.DATETIME_FORMAT)
    if not plain or output_format is None or output_format.lower() != ISO_8601:
        return field.to_representation
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if zone is None:
        return field.to_representation

    def write(value):
        if isinstance(value, str) or value.utcoffset() is None:  # DRF's way: as is, or made aware
            return field.to_representation(value)
        try:
            written = value.astimezone(zone).isoformat()
        except OverflowError:
            return field.to_representation(value)  # DRF says why
        return written[:-6] + "Z" if written.endswith("+00:00") else written

    return write


def _reader(attname: str):
    def read(instance):
        return getattr(instance, attname)

    return read
