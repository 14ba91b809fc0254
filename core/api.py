"""The API base: every viewset is scoped by ``visible_to`` and filtered by the list's FilterSet."""

from rest_framework import serializers, viewsets

from core.filtersets import IndustryFilterSet, RegionFilterSet
from core.models import Industry, Region
from core.serializers import IndustrySerializer, RegionSerializer


class ScopedViewSetMixin:
    """Declare ``queryset`` (with its select_related) and ``filterset_class``."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    pass


class RegionViewSet(ScopedReadOnlyViewSet):
    """GB/T 2260 regions within the user's scope."""

    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    filterset_class = RegionFilterSet
    lookup_field = "code"


class IndustryViewSet(ScopedReadOnlyViewSet):
    """GB/T 4754-2017 sections and divisions."""

    queryset = Industry.objects.select_related("parent")
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet
    lookup_field = "code"


class ScopedRelatedMixin:
    """A related field that accepts only objects the requesting user may see."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.context["request"].user)


class ScopedPrimaryKeyRelatedField(ScopedRelatedMixin, serializers.PrimaryKeyRelatedField):
    pass


class ScopedSlugRelatedField(ScopedRelatedMixin, serializers.SlugRelatedField):
    pass
