"""URLs of reference data and the change log."""

from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("regions/", views.RegionListView.as_view(), name="region_list"),
    path("regions/<str:code>/", views.RegionDetailView.as_view(), name="region_detail"),
    path("industries/", views.IndustryListView.as_view(), name="industry_list"),
    path("changes/", views.ChangeLogListView.as_view(), name="changelog_list"),
]
