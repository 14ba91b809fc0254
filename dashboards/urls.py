"""URLs of the dashboard."""

from django.urls import path

from dashboards import circular_views, views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="index"),
    path("anomalies/", views.anomalies_fragment, name="anomalies"),
    path("projects/", views.drill_down, name="drill"),
    path("push/", views.drill_down, {"figure": "push"}, name="push"),
    path("rankings/", views.rankings, name="rankings"),
    path("forecast/", views.forecast, name="forecast"),
    path("circular/", circular_views.circular_download, name="circular"),
    path("projects/<int:pk>/colours/", views.project_colours, name="project_colours"),
]
