"""URLs of the enterprise side: registry, yearly figures, visits, requests, policy benefits."""

from django.urls import path

from enterprises import figures_views, views

app_name = "enterprises"
urlpatterns = [
    path("", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("mine/", views.MyEnterpriseListView.as_view(), name="my_enterprises"),
    path("new/", views.enterprise_edit, name="enterprise_create"),
    path("<int:pk>/", views.enterprise_detail, name="enterprise_detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="enterprise_edit"),
    path("<int:pk>/commissioner/", views.enterprise_assign, name="enterprise_assign"),
    path("<int:pk>/years/new/", views.year_edit, name="year_create"),
    path("<int:pk>/years/<int:year_pk>/", views.year_edit, name="year_edit"),
    path("<int:pk>/visits/new/", views.visit_create, name="visit_create"),
    path("requests/<int:pk>/problem/", views.request_problem, name="request_problem"),
    path("figures/", views.EnterpriseYearListView.as_view(), name="year_list"),
    path("visits/", views.VisitListView.as_view(), name="visit_list"),
    path("benefits/", views.PolicyBenefitListView.as_view(), name="benefit_list"),
    path("benefits/new/", views.benefit_create, name="benefit_create"),
    path("totals/", figures_views.enterprise_totals, name="figures_totals"),
    path("benefits/totals/", figures_views.benefit_totals, name="figures_benefits"),
    path("outcomes/", figures_views.outcomes, name="figures_outcomes"),
    path("growth/", figures_views.growth_lists, name="figures_growth"),
]
