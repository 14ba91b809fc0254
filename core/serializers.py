"""API serializers for reference data."""

from rest_framework import serializers

from core.models import Industry, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Region
        fields = ["code", "name_zh", "name_en", "level", "parent"]


class IndustrySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Industry
        fields = ["code", "name_zh", "name_en", "level", "parent"]
