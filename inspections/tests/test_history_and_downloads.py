"""Issue 13: who joined or left a team, and who deleted which evidence, stay in the history; downloads are not cached."""

from django.urls import reverse

from inspections import services
from inspections.models import FindingEvidence, TeamMember
from inspections.tests import files
from inspections.tests.factories import add_finding
from units.tests.factories import make_user


def test_membership_changes_and_evidence_deletion_are_in_the_history(cast, setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    newcomer = make_user("newcomer", "inspector", cast.department)
    member = services.team_member_add(actor=cast.home_affairs, team=setup.team, user=newcomer)
    member_id = member.pk
    services.team_member_remove(actor=cast.home_affairs, member=member)
    kinds = TeamMember.history.filter(id=member_id).order_by("history_date").values_list("history_type", flat=True)
    assert list(kinds) == ["+", "-"]
    assert TeamMember.history.filter(id=member_id, history_type="-").get().history_user == cast.home_affairs
    finding = add_finding(setup, files=[files.pdf()])
    evidence = finding.evidence.get()
    evidence_id = evidence.pk
    services.evidence_delete(actor=setup.member, evidence=evidence)
    history = FindingEvidence.history.filter(id=evidence_id).order_by("history_date")
    assert [row.history_type for row in history] == ["+", "-"]
    assert history.last().original_name == "bao-cao.pdf" and history.last().history_user == setup.member


def test_evidence_downloads_are_not_stored_by_the_browser(client, setup, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    evidence = add_finding(setup, files=[files.pdf()]).evidence.get()
    client.force_login(setup.member)
    response = client.get(reverse("inspections:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
