"""URLs of Excel templates, imports (projects, reports, promotion, enterprises) and OC4IDS."""

from django.urls import path

from exchange import views

app_name = "exchange"
urlpatterns = [
    path("oc4ids/", views.oc4ids_download, name="oc4ids"),
    path("projects/template/", views.project_template, name="project_template"),
    path("projects/import/", views.project_import, name="project_import"),
    path(
        "reports/<int:year>-<int:month>/template/",
        views.report_template,
        name="report_template",
    ),
    path("reports/<int:year>-<int:month>/import/", views.report_import, name="report_import"),
    path("promotion/<slug:kind>/template/", views.promotion_template, name="promotion_template"),
    path("promotion/<slug:kind>/import/", views.promotion_upload, name="promotion_import"),
    path(
        "enterprises/<slug:kind>/template/", views.enterprise_template, name="enterprise_template"
    ),
    path("enterprises/<slug:kind>/import/", views.enterprise_upload, name="enterprise_import"),
]
