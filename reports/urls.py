"""URLs of monthly scheduling."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("", views.ReportListView.as_view(), name="report_list"),
    path("periods/", views.PeriodListView.as_view(), name="period_list"),
    path("periods/open/", views.period_open, name="period_open"),
    path("periods/<int:year>-<int:month>/", views.period_detail, name="period_detail"),
    path("periods/<int:year>-<int:month>/lock/", views.period_lock, name="period_lock"),
    path("periods/<int:year>-<int:month>/missing/", views.missing_reports, name="missing"),
    path(
        "periods/<int:year>-<int:month>/projects/<int:project_pk>/",
        views.report_start,
        name="report_start",
    ),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/submit/", views.report_submit, name="report_submit"),
    path("<int:pk>/approve/", views.report_approve, name="report_approve"),
    path("<int:pk>/return/", views.report_return, name="report_return"),
    path("<int:pk>/correct/", views.report_correct, name="report_correct"),
    path("<int:pk>/evidence/new/", views.evidence_add, name="evidence_add"),
    path("<int:pk>/evidence/<int:evidence_pk>/", views.evidence_download, name="evidence_download"),
    path("warning-rules/", views.warning_rules, name="warning_rules"),
    path("projects/<int:project_pk>/monthly/", views.project_monthly, name="project_monthly"),
]
