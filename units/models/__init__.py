from .organisation import (
    Reorganisation,
    ReorganisationKind,
    ScheduledReorganisation,
    ScheduledStatus,
    Unit,
    UnitKind,
    UnitVersion,
    VersionName,
    pick_version,
    within_paths_q,
)
from .people import PROVINCE_WIDE_ROLES, UNIT_ROLES, Role, User

__all__ = [
    "PROVINCE_WIDE_ROLES",
    "UNIT_ROLES",
    "Reorganisation",
    "ReorganisationKind",
    "Role",
    "ScheduledReorganisation",
    "ScheduledStatus",
    "Unit",
    "UnitKind",
    "UnitVersion",
    "User",
    "VersionName",
    "pick_version",
    "within_paths_q",
]
