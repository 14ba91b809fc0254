"""URLs of the project library."""

from django.urls import path

from projects import list_views, views

app_name = "projects"
urlpatterns = [
    path("", views.ProjectListView.as_view(), name="project_list"),
    path("new/", views.project_create, name="project_create"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("<int:pk>/status/", views.project_status, name="project_status"),
    path("<int:pk>/stall/", views.project_stall, name="project_stall"),
    path("<int:pk>/resume/", views.project_resume, name="project_resume"),
    path("<int:pk>/five-ones/", views.five_ones, name="five_ones"),
    path("<int:pk>/lists/add/", views.membership_add, name="membership_add"),
    path(
        "<int:pk>/lists/<int:membership_pk>/remove/",
        views.membership_remove,
        name="membership_remove",
    ),
    path("<int:pk>/milestones/new/", views.milestone_edit, name="milestone_create"),
    path("<int:pk>/milestones/template/", views.plan_from_templates, name="plan_from_templates"),
    path("<int:pk>/milestones/<int:milestone_pk>/", views.milestone_edit, name="milestone_edit"),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/delete/",
        views.milestone_delete,
        name="milestone_delete",
    ),
    path(
        "<int:pk>/milestones/<int:milestone_pk>/evidence/",
        views.milestone_evidence,
        name="milestone_evidence",
    ),
    path("<int:pk>/attachments/new/", views.attachment_add, name="attachment_add"),
    path(
        "<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("lists/", list_views.ProjectListListView.as_view(), name="list_list"),
    path("lists/new/", list_views.list_edit, name="list_create"),
    path("lists/<int:pk>/", list_views.list_detail, name="list_detail"),
    path("lists/<int:pk>/edit/", list_views.list_edit, name="list_edit"),
    path("people/", list_views.PersonListView.as_view(), name="person_list"),
    path("people/new/", list_views.person_edit, name="person_create"),
    path("people/<int:pk>/", list_views.PersonDetailView.as_view(), name="person_detail"),
    path("people/<int:pk>/edit/", list_views.person_edit, name="person_edit"),
]
