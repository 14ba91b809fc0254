"""URLs of investment promotion: activities, leads and their board, contracts, chains."""

from django.urls import path

from promotion import chain_views, figures_views, views

app_name = "promotion"
urlpatterns = [
    path("activities/", views.ActivityListView.as_view(), name="activity_list"),
    path("activities/new/", views.activity_edit, name="activity_create"),
    path("activities/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("leads/", views.LeadListView.as_view(), name="lead_list"),
    path("leads/board/", views.lead_board, name="lead_board"),
    path("leads/deadlines/", views.lead_rules, name="lead_rules"),
    path("leads/new/", views.lead_edit, name="lead_create"),
    path("leads/<int:pk>/", views.lead_detail, name="lead_detail"),
    path("leads/<int:pk>/edit/", views.lead_edit, name="lead_edit"),
    path("leads/<int:pk>/stage/", views.lead_stage, name="lead_stage"),
    path("leads/<int:pk>/record/<slug:step>/", views.lead_step, name="lead_step"),
    path("contracts/", views.ContractListView.as_view(), name="contract_list"),
    path("contracts/new/", views.contract_edit, name="contract_create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/edit/", views.contract_edit, name="contract_edit"),
    path("contracts/<int:pk>/funds/", views.contract_funds, name="contract_funds"),
    path("contracts/<int:pk>/convert/", views.contract_convert, name="contract_convert"),
    path("projects/<int:project_pk>/contract/", views.project_contract, name="project_contract"),
    path("chains/", chain_views.ChainListView.as_view(), name="chain_list"),
    path("chains/new/", chain_views.chain_edit, name="chain_create"),
    path("chains/<int:pk>/", chain_views.chain_detail, name="chain_detail"),
    path("chains/<int:pk>/edit/", chain_views.chain_edit, name="chain_edit"),
    path("chains/<int:pk>/gaps/new/", chain_views.gap_edit, name="gap_create"),
    path("chains/<int:pk>/gaps/<int:gap_pk>/", chain_views.gap_edit, name="gap_edit"),
    path("chains/<int:pk>/targets/new/", chain_views.target_edit, name="target_create"),
    path("chains/<int:pk>/targets/<int:target_pk>/", chain_views.target_edit, name="target_edit"),
    path("groups/", chain_views.GroupListView.as_view(), name="group_list"),
    path("groups/new/", chain_views.group_edit, name="group_create"),
    path("groups/<int:pk>/edit/", chain_views.group_edit, name="group_edit"),
    path("figures/", figures_views.promotion_figures_page, name="figures"),
]
