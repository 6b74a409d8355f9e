from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import ModelSerializer

from ..models import Reorganisation, Unit, UnitKind, UnitVersion, User


class UnitSerializer(ModelSerializer):
    is_active = serializers.BooleanField(read_only=True)
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "short_name",
            "code",
            "kind",
            "kind_display",
            "parent",
            "place_name",
            "head",
            "valid_from",
            "valid_to",
            "is_active",
        ]
        read_only_fields = ["valid_to", "head"]


class UnitVersionSerializer(ModelSerializer):
    class Meta:
        model = UnitVersion
        fields = ["name", "short_name", "code", "parent", "place_name", "valid_from", "valid_to", "reorganisation"]


class ReorganisationSerializer(ModelSerializer):
    class Meta:
        model = Reorganisation
        fields = ["id", "kind", "effective_on", "decision", "note", "predecessors", "successors"]


class UnitHistorySerializer(serializers.Serializer):
    versions = UnitVersionSerializer(many=True)
    reorganisations = ReorganisationSerializer(many=True)


class ReorganisationInputSerializer(serializers.Serializer):
    effective_on = serializers.DateField()
    decision = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RenameSerializer(ReorganisationInputSerializer):
    name = serializers.CharField(max_length=255)
    short_name = serializers.CharField(required=False, allow_blank=True, max_length=100)
    code = serializers.CharField(required=False, max_length=30)
    place_name = serializers.CharField(required=False, allow_blank=True, max_length=100)


class MoveSerializer(ReorganisationInputSerializer):
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.active())


class NewUnitSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    code = serializers.CharField(max_length=30)
    short_name = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    kind = serializers.ChoiceField(choices=UnitKind.choices, required=False)
    parent = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.active(), required=False)


class SplitSerializer(ReorganisationInputSerializer):
    parts = NewUnitSerializer(many=True)
    keep_original = serializers.BooleanField(required=False, default=False)


class MergeSerializer(ReorganisationInputSerializer):
    units = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.active(), many=True)
    into = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.active(), required=False, allow_null=True)
    new_unit = NewUnitSerializer(required=False, allow_null=True)

    def validate(self, data):
        if bool(data.get("into")) == bool(data.get("new_unit")):
            raise serializers.ValidationError({"into": [_("Give either into or new_unit.")]})
        new_unit = data.get("new_unit")
        if new_unit and not (new_unit.get("kind") and new_unit.get("parent")):
            raise serializers.ValidationError({"new_unit": [_("A new unit needs a kind and a parent.")]})
        return data


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=True)


class ImportErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.ListField(child=serializers.IntegerField())
    errors = ImportErrorSerializer(many=True)


class MeSerializer(ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "full_name", "title", "email", "role", "unit"]
