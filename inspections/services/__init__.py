"""Every write to plans, teams, visits and findings goes through these functions."""

from .areas import area_create, area_update, may_manage_areas
from .findings import (
    clean_indicators,
    evidence_delete,
    finding_attach,
    finding_create,
    finding_delete,
    finding_mark_repeat,
    finding_move,
    finding_update,
)
from .plans import (
    plan_copy,
    plan_create,
    plan_record_issue,
    plan_update,
    team_member_add,
    team_member_remove,
    team_member_set_role,
    visit_reschedule,
    visit_schedule,
    visit_set_attendees,
)
from .visits import visit_conclude, visit_reopen, visit_start, visit_update_summary

__all__ = [
    "area_create",
    "area_update",
    "may_manage_areas",
    "clean_indicators",
    "evidence_delete",
    "finding_attach",
    "finding_create",
    "finding_delete",
    "finding_mark_repeat",
    "finding_move",
    "finding_update",
    "plan_copy",
    "plan_create",
    "plan_record_issue",
    "plan_update",
    "team_member_add",
    "team_member_remove",
    "team_member_set_role",
    "visit_conclude",
    "visit_reopen",
    "visit_reschedule",
    "visit_schedule",
    "visit_set_attendees",
    "visit_start",
    "visit_update_summary",
]
