"""URLs of problem solving: problems, departments, default deadlines, coordination meetings."""

from django.urls import path

from problems import department_views, meeting_views, views

app_name = "problems"
urlpatterns = [
    path("", views.ProblemListView.as_view(), name="problem_list"),
    path("queue/", views.QueueView.as_view(), name="queue"),
    path("new/", views.problem_create, name="problem_create"),
    path("<int:pk>/", views.problem_detail, name="problem_detail"),
    path("<int:pk>/start/", views.problem_start, name="problem_start"),
    path("<int:pk>/resolve/", views.problem_resolve, name="problem_resolve"),
    path("<int:pk>/escalate/", views.problem_escalate, name="problem_escalate"),
    path("<int:pk>/close/", views.problem_close, name="problem_close"),
    path("<int:pk>/reopen/", views.problem_reopen, name="problem_reopen"),
    path("<int:pk>/evidence/", views.problem_evidence, name="problem_evidence"),
    path("projects/<int:project_pk>/", views.project_problems, name="project_problems"),
    path("departments/", department_views.DepartmentListView.as_view(), name="department_list"),
    path("departments/new/", department_views.department_edit, name="department_create"),
    path("departments/<int:pk>/", department_views.department_detail, name="department_detail"),
    path("departments/<int:pk>/edit/", department_views.department_edit, name="department_edit"),
    path("deadlines/", department_views.category_deadlines, name="category_deadlines"),
    path("meetings/", meeting_views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_edit, name="meeting_create"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/agenda/", meeting_views.meeting_agenda, name="meeting_agenda"),
    path(
        "meetings/<int:pk>/items/<int:item_pk>/decision/",
        meeting_views.meeting_decision,
        name="meeting_decision",
    ),
    path("meetings/<int:pk>/minutes.docx", meeting_views.meeting_minutes, name="meeting_minutes"),
]
