"""Team roles as the seeds use them: a member's role changed, an outside member as the deputy, one leader."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from inspections import services
from inspections.models import TeamMember, TeamRole


def _member(setup, user):
    return setup.team.members.get(user=user)


def test_an_outside_member_becomes_the_deputy_and_the_change_is_in_the_history(cast, setup):
    outside = services.team_member_add(
        actor=cast.home_affairs, team=setup.team, full_name="Bà Trần Thị Lan", agency="Sở Tài chính"
    )
    changed = services.team_member_set_role(actor=cast.home_affairs, member=outside, role=TeamRole.DEPUTY)
    assert TeamMember.objects.get(pk=outside.pk).role == TeamRole.DEPUTY == changed.role
    latest = changed.history.order_by("-history_date").first()
    assert latest.role == TeamRole.DEPUTY and latest.history_user == cast.home_affairs


def test_a_team_keeps_one_leader(cast, setup):
    member = _member(setup, setup.member)
    with pytest.raises(ValidationError) as error:
        services.team_member_set_role(actor=cast.home_affairs, member=member, role=TeamRole.LEADER)
    assert error.value.message_dict["role"] == [
        f"{setup.leader.get_full_name()} đang là trưởng đoàn: hãy đổi vai trò của người này trước."
    ]
    leader = _member(setup, setup.leader)
    services.team_member_set_role(actor=cast.home_affairs, member=leader, role=TeamRole.DEPUTY)
    services.team_member_set_role(actor=cast.home_affairs, member=member, role=TeamRole.LEADER)
    assert list(setup.team.members.filter(role=TeamRole.LEADER)) == [member]
    with pytest.raises(ValidationError):
        services.team_member_set_role(actor=cast.home_affairs, member=member, role="chief")


def test_only_the_plans_managers_change_roles(cast, setup):
    member = _member(setup, setup.member)
    with pytest.raises(PermissionDenied):
        services.team_member_set_role(actor=setup.member, member=member, role=TeamRole.SECRETARY)
    assert TeamMember.objects.get(pk=member.pk).role == TeamRole.MEMBER


def test_the_plan_page_changes_a_role_and_says_why_it_refused(client, cast, setup):
    client.force_login(cast.home_affairs)
    member = _member(setup, setup.member)
    page = client.get(reverse("inspections:plan_detail", args=[setup.plan.pk])).content.decode()
    assert f'for="role-{member.pk}"' in page and 'data-testid="member-role"' in page
    url = reverse("inspections:member_role", args=[member.pk])
    answer = client.post(url, {"role": "deputy"}, follow=True).content.decode()
    assert "Phó trưởng đoàn" in answer and TeamMember.objects.get(pk=member.pk).role == TeamRole.DEPUTY
    refused = client.post(url, {"role": "leader"}, follow=True).content.decode()
    assert "đang là trưởng đoàn" in refused and TeamMember.objects.get(pk=member.pk).role == TeamRole.DEPUTY
    client.force_login(cast.outside_inspector)
    assert client.post(url, {"role": "member"}).status_code == 404
