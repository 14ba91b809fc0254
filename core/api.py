"""The API base: every viewset is scoped by ``visible_to`` and filtered by the list's FilterSet."""

from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException

from core.changelog import acting_as
from core.filtersets import IndustryFilterSet, RegionFilterSet
from core.models import Industry, Region
from core.serializers import IndustrySerializer, RegionSerializer


class ScopedViewSetMixin:
    """Declare ``queryset`` (with its select_related) and ``filterset_class``."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


class InUse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one: it cannot be deleted.")
    default_code = "in_use"


def delete_as(user, instance):
    """Delete with the change log's actor; a row others still point to is a 409, not a 500."""
    try:
        with acting_as(user):
            instance.delete()
    except (ProtectedError, RestrictedError) as error:
        raise InUse from error


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
    lookup_value_regex = "[0-9A-Za-z]+"  # anything else is a 404 before a query


class IndustryViewSet(ScopedReadOnlyViewSet):
    """GB/T 4754-2017 sections and divisions."""

    queryset = Industry.objects.select_related("parent")
    serializer_class = IndustrySerializer
    filterset_class = IndustryFilterSet
    lookup_field = "code"
    lookup_value_regex = "[0-9A-Za-z]+"  # anything else is a 404 before a query


class ScopedRelatedMixin:
    """A related field that accepts only objects the requesting user may see."""

    def get_queryset(self):
        return super().get_queryset().visible_to(self.context["request"].user)


class ScopedPrimaryKeyRelatedField(ScopedRelatedMixin, serializers.PrimaryKeyRelatedField):
    pass


class CodeRelatedField(serializers.SlugRelatedField):
    """An object named by its code; a NUL byte is invalid here, as PostgreSQL cannot compare it."""

    def to_internal_value(self, data):
        if "\x00" in str(data):
            self.fail("invalid")
        return super().to_internal_value(data)


class ScopedSlugRelatedField(ScopedRelatedMixin, CodeRelatedField):
    pass
