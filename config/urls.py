"""Top-level URLs: pages, the API under /api/v1/, and the language switch."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from core import api as core_api
from core.views import home

router = DefaultRouter()
router.register("regions", core_api.RegionViewSet)
router.register("industries", core_api.IndustryViewSet)

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/v1/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include(router.urls)),
]
