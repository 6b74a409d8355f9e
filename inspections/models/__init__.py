from .findings import Finding, FindingEvidence, FindingKind, Indicator
from .plans import InspectionPlan, InspectionTeam, PlanKind, PlanStatus, TeamMember, TeamRole
from .reference import ReformArea
from .visits import InspectionVisit, VisitAttendee, VisitEvent, VisitStatus

__all__ = [
    "Finding",
    "FindingEvidence",
    "FindingKind",
    "Indicator",
    "InspectionPlan",
    "InspectionTeam",
    "InspectionVisit",
    "PlanKind",
    "PlanStatus",
    "ReformArea",
    "TeamMember",
    "TeamRole",
    "VisitAttendee",
    "VisitEvent",
    "VisitStatus",
]
