"""Top-level URLs: pages, the API under /api/v1/, and the language switch."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from core import api as core_api
from core.views import home
from dashboards.api import DashboardView
from enterprises import api as enterprises_api
from problems import api as problems_api
from projects import api as projects_api
from promotion import api as promotion_api
from reports import api as reports_api

router = DefaultRouter()
router.register("regions", core_api.RegionViewSet)
router.register("industries", core_api.IndustryViewSet)
router.register("projects", projects_api.ProjectViewSet)
router.register("lists", projects_api.ProjectListViewSet)
router.register("memberships", projects_api.MembershipViewSet)
router.register("milestones", projects_api.MilestoneViewSet)
router.register("people", projects_api.PersonViewSet)
router.register("periods", reports_api.PeriodViewSet)
router.register("reports", reports_api.ReportViewSet)
router.register("problems", problems_api.ProblemViewSet)
router.register("departments", problems_api.DepartmentViewSet)
router.register("meetings", problems_api.MeetingViewSet)
router.register("activities", promotion_api.ActivityViewSet)
router.register("leads", promotion_api.LeadViewSet)
router.register("contracts", promotion_api.ContractViewSet)
router.register("chains", promotion_api.ChainViewSet)
router.register("enterprises", enterprises_api.EnterpriseViewSet)
router.register("enterprise-years", enterprises_api.EnterpriseYearViewSet)
router.register("visits", enterprises_api.VisitViewSet)
router.register("benefits", enterprises_api.PolicyBenefitViewSet)

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("projects/", include("projects.urls")),
    path("reports/", include("reports.urls")),
    path("problems/", include("problems.urls")),
    path("promotion/", include("promotion.urls")),
    path("enterprises/", include("enterprises.urls")),
    path("exchange/", include("exchange.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
    path("api/v1/dashboard/", DashboardView.as_view(), name="api-dashboard"),
    path("api/v1/", include(router.urls)),
]
