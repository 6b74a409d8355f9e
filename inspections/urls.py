from django.urls import path

from .views import areas, findings, plans, search, visits

app_name = "inspections"

urlpatterns = [
    path("areas/", areas.area_list, name="area_list"),
    path("areas/new/", areas.area_create, name="area_create"),
    path("areas/<int:pk>/", areas.area_edit, name="area_edit"),
    path("plans/", plans.plan_list, name="plan_list"),
    path("plans/new/", plans.plan_create, name="plan_create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/copy/", plans.plan_copy, name="plan_copy"),
    path("plans/<int:pk>/visits/new/", plans.visit_add, name="visit_add"),
    path("plans/<int:pk>/members/new/", plans.member_add, name="member_add"),
    path("members/<int:pk>/role/", plans.member_role, name="member_role"),
    path("members/<int:pk>/remove/", plans.member_remove, name="member_remove"),
    path("visits/", visits.visit_list, name="visit_list"),
    path("visits/<int:pk>/", visits.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/attendees/", visits.visit_attendees, name="visit_attendees"),
    path("visits/<int:pk>/reschedule/", visits.visit_reschedule, name="visit_reschedule"),
    path("visits/<int:pk>/start/", visits.visit_start, name="visit_start"),
    path("visits/<int:pk>/conclude/", visits.visit_conclude, name="visit_conclude"),
    path("visits/<int:pk>/reopen/", visits.visit_reopen, name="visit_reopen"),
    path("visits/<int:pk>/areas/<int:area_pk>/", visits.visit_area, name="visit_area"),
    path("visits/<int:pk>/findings/new/", findings.finding_create, name="finding_create"),
    path("visits/<int:pk>/similar/", findings.similar, name="similar"),
    path("findings/", search.finding_search, name="finding_search"),
    path("findings/<int:pk>/edit/", findings.finding_edit, name="finding_edit"),
    path("findings/<int:pk>/delete/", findings.finding_delete, name="finding_delete"),
    path("findings/<int:pk>/move/", findings.finding_move, name="finding_move"),
    path("findings/<int:pk>/attach/", findings.finding_attach, name="finding_attach"),
    path("findings/<int:pk>/repeat/", findings.finding_repeat, name="finding_repeat"),
    path("findings/<int:pk>/similar/", findings.finding_similar, name="finding_similar"),
    path("findings/<int:pk>/history/", findings.finding_history, name="finding_history"),
    path("evidence/<int:pk>/", findings.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/delete/", findings.evidence_delete, name="evidence_delete"),
]
