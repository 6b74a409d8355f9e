"""Who may do what with a task: the sides of `states.TRANSITIONS`, applied to a user.

- the unit side: the unit's head (task in their scope) or the person it is delegated to;
- the team side: members of the team that inspected, never someone of the unit side nor of the task's unit;
- delegation: the unit's head, to one of `selectors.delegate_candidates(task)`.
Views, templates, the API and the services all ask these functions.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from inspections.models import TeamMember
from inspections.selectors import belongs_to, is_team_leader
from units.models import Role, User

from .models import RemediationTask
from .selectors import is_visible_to
from .states import TRANSITIONS, Side, actions_open_from, transition


def can_act_on_task(user: User, task: RemediationTask) -> bool:
    """Report progress and completion: the unit head (task in their scope) or the delegate."""
    if task.delegate_id == user.pk:
        return True
    return user.role == Role.UNIT_HEAD and is_visible_to(user, task)


def can_verify_task(user: User, task: RemediationTask) -> bool:
    """Accept or return: members of the team that inspected, never someone of the unit side."""
    if not user.is_authenticated or user.is_unit_user or belongs_to(user, task.unit):
        return False
    return TeamMember.objects.filter(team_id=task.directive.visit.team_id, user=user).exists()


def may_verify_any(user: User) -> bool:
    """Whether the user is on the team side of some task (the task list then offers bulk accept)."""
    return user.is_authenticated and not user.is_unit_user and TeamMember.objects.filter(user=user).exists()


def can_extend(user: User, directive) -> bool:
    """Move a directive's deadline: its team's leader (or deputy), Home Affairs staff, administrators."""
    if not user.is_authenticated:
        return False
    return is_team_leader(user, directive.visit) or user.role == Role.HOME_AFFAIRS or user.is_administrator


def can_delegate(user: User, task: RemediationTask) -> bool:
    return user.role == Role.UNIT_HEAD and can_act_on_task(user, task)


def sides_of(user: User, task: RemediationTask) -> set[str]:
    sides = set()
    if can_act_on_task(user, task):
        sides.add(Side.UNIT)
    if can_verify_task(user, task):
        sides.add(Side.TEAM)
    return sides


def allowed_actions(user: User, task: RemediationTask) -> list[str]:
    """The transitions `user` may take on `task` now: what the page offers and the API allows."""
    return actions_open_from(task.status, sides_of(user, task))


REFUSALS = {
    Side.UNIT: _("Only the unit's head or the person the task is delegated to may report on it."),
    Side.TEAM: _("Only members of the inspection team may verify this task."),
}


def require_side(actor: User | None, task: RemediationTask, action: str) -> None:
    """The actor is on the side that takes `action` (entry points ask before they read the body)."""
    step = TRANSITIONS[action]
    if actor is not None and step.side not in sides_of(actor, task):
        raise PermissionDenied(str(REFUSALS[step.side]))


def check_action(actor: User | None, task: RemediationTask, action: str, note: str = ""):
    """The one gate of a task's change: the actor's side, then the transition from the task's status."""
    require_side(actor, task, action)
    return transition(action, task.status, note)
