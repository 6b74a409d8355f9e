"""manage.py make_province: the synthetic province has what it says, is consistent with what the services
would have written, is seen by the demo users as they see the demo, and is the same for the same seed."""

import hashlib
import io
import shutil
import tempfile
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import TestCase, override_settings
from django.utils import timezone

from cchc_portal import synthetic
from cchc_portal.synthetic.remediation import donvi_task_count
from inspections import services as inspection_services
from inspections.models import Finding, InspectionPlan, InspectionVisit, TeamMember, TeamRole, VisitStatus
from inspections.selectors import visits_visible_to
from remediation import services as remediation_services
from remediation.models import Directive, EventKind, RemediationTask, TaskEvent, TaskStatus
from remediation.rules import allowed_actions
from remediation.selectors import tasks_visible_to
from reports.models import Document, DocumentKind, DocumentStatus, NumberCounter
from units.models import Unit, User
from units.selectors import units_visible_to

SMALL = synthetic.SMALL
MODELS = {
    "units": Unit,
    "plans": InspectionPlan,
    "visits": InspectionVisit,
    "findings": Finding,
    "tasks": RemediationTask,
    "documents": Document,
}
STATUS_AFTER = {
    EventKind.PROGRESS: TaskStatus.IN_PROGRESS,
    EventKind.SUBMITTED: TaskStatus.SUBMITTED,
    EventKind.ACCEPTED: TaskStatus.ACCEPTED,
    EventKind.RETURNED: TaskStatus.RETURNED,
}


def synthetic_units():
    """The synthetic departments (SX01…) and their subunits."""
    departments = Unit.objects.filter(parent__code="UBND", parent__parent=None, code__startswith="SX")
    return Unit.objects.within(*departments.values_list("path", flat=True))


def counts() -> dict[str, int]:
    return {name: model.objects.count() for name, model in MODELS.items()}


class SmallProvinceTests(TestCase):
    """One `--small` build (on a database without the demo: the command loads it) shared by the tests."""

    @classmethod
    def setUpClass(cls):
        media = tempfile.mkdtemp(prefix="cchc-province-")  # the evidence files the build writes
        cls.addClassCleanup(shutil.rmtree, media, ignore_errors=True)
        cls.enterClassContext(
            override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
        )
        super().setUpClass()

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())
        cls.demo_counts = counts()
        cls.demo_task_ids = set(RemediationTask.objects.values_list("pk", flat=True))
        cls.output = io.StringIO()
        call_command("make_province", "--small", stdout=cls.output)

    def setUp(self):
        self.users = {
            u.username: u for u in User.objects.filter(username__in=["noivu", "truongdoan", "thanhvien", "donvi"])
        }
        self.tasks = RemediationTask.objects.exclude(pk__in=self.demo_task_ids)

    def test_it_builds_the_requested_sizes(self):
        added = {name: count - self.demo_counts[name] for name, count in counts().items()}
        assert added["units"] == SMALL.units
        assert added["findings"] == SMALL.findings
        assert added["tasks"] == SMALL.tasks
        assert added["documents"] == SMALL.documents
        # One province plan a year and a self-inspection of every department, plus Sở KH&CN's earlier ones.
        assert added["plans"] == SMALL.years * (1 + SMALL.departments) + SMALL.years - 1
        units = synthetic_units()
        assert sorted(units.filter(kind="department").values_list("code", flat=True)) == ["SX01", "SX02", "SX03"]
        assert units.count() == SMALL.units
        assert not units.filter(head__isnull=True).exists()  # every unit has a head who answers for it
        assert all(unit.versions.count() == 1 for unit in units)  # made through units.services
        assert "Synthetic province built" in self.output.getvalue()
        assert "Elapsed" in self.output.getvalue()

    def test_tasks_are_in_every_state_with_the_events_of_their_state(self):
        assert set(self.tasks.values_list("status", flat=True)) == set(TaskStatus.values)
        today = timezone.localdate()
        assert self.tasks.overdue(today).exists()
        accepted = [t for t in self.tasks.filter(status=TaskStatus.ACCEPTED) if t.due_on]
        assert any(t.completed_on <= t.due_on for t in accepted)  # done on time
        assert any(t.completed_on > t.due_on for t in accepted)  # done late
        events = defaultdict(list)
        for task_id, kind in (
            TaskEvent.objects.filter(task__in=self.tasks).order_by("at", "pk").values_list("task", "kind")
        ):
            events[task_id].append(kind)
        for task in self.tasks.select_related("directive", "directive__visit"):
            kinds = events[task.pk]
            steps = [STATUS_AFTER[k] for k in kinds if k in STATUS_AFTER]
            assert kinds[0] == EventKind.CREATED
            assert task.status == (steps[-1] if steps else TaskStatus.OPEN)
            assert task.version == 1 + len(steps)
            assert task.due_on == task.directive.due_on
            assert (task.announced_at is not None) == task.directive.visit.is_concluded
            assert (task.directive.handed_over_at is not None) == task.directive.visit.is_concluded
            assert (task.completed_on is not None) == (task.status == TaskStatus.ACCEPTED)
            if task.status in (TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.ACCEPTED):
                assert task.submitted_at is not None

    def test_issued_documents_are_numbered_in_their_series_and_the_counters_follow(self):
        issued = Document.objects.filter(status=DocumentStatus.ISSUED, issuer__code__startswith="SX")
        assert issued.exists() and Document.objects.filter(status=DocumentStatus.DRAFT).exists()
        assert not Document.objects.filter(status=DocumentStatus.DRAFT, number__isnull=False).exists()
        assert not Document.objects.filter(status=DocumentStatus.ISSUED, signer_name="").exists()
        groups = defaultdict(list)
        for document in Document.objects.filter(status=DocumentStatus.ISSUED).select_related("issuer"):
            groups[(document.issuer_id, document.series, document.year)].append(document)
        for (issuer_id, series, year), documents in groups.items():
            documents.sort(key=lambda d: d.number)
            numbers = [d.number for d in documents]
            counter = NumberCounter.objects.get(issuer_id=issuer_id, series=series, year=year)
            assert numbers == list(range(numbers[0], counter.last + 1))
            assert [d.issued_on for d in documents] == sorted(d.issued_on for d in documents)
            assert all(d.issued_on.year == year for d in documents)
            first = documents[0]
            if first.issuer.code.startswith("SX"):
                assert first.number == 1 and first.number_text.startswith("01/")
                assert first.number_text.endswith(first.issuer.code)
        # A plan issued through the portal takes its number from its plan document.
        plan_document = Document.objects.filter(kind=DocumentKind.PLAN, status=DocumentStatus.ISSUED).first()
        assert plan_document.plan.number == plan_document.number_text and plan_document.plan.numbered_by_portal
        # Directives are locked exactly when an issued remediation letter carries them.
        carried = set(
            Document.directives.through.objects.filter(document__status=DocumentStatus.ISSUED).values_list(
                "directive", flat=True
            )
        )
        assert set(Directive.objects.filter(locked_at__isnull=False).values_list("pk", flat=True)) == carried

    def test_the_live_visit_has_100_findings_recorded_by_thanhvien_in_truongdoans_team(self):
        visit = synthetic.live_visit()
        assert visit.status == VisitStatus.IN_PROGRESS and visit.scheduled_on == timezone.localdate()
        assert visit.findings.count() == synthetic.LIVE_VISIT_FINDINGS == 100
        assert set(visit.findings.values_list("recorded_by__username", flat=True)) == {"thanhvien"}
        leader = TeamMember.objects.get(team=visit.team, role=TeamRole.LEADER)
        assert leader.user == self.users["truongdoan"]
        assert visit.team.members.filter(user=self.users["thanhvien"]).exists()
        assert InspectionVisit.objects.filter(place=synthetic.LIVE_VISIT_PLACE).count() == 1
        concluded = InspectionVisit.objects.filter(status=VisitStatus.CONCLUDED, unit__in=synthetic_units())
        assert concluded.exists() and not concluded.filter(concluded_at__isnull=True).exists()
        assert not concluded.exclude(events__to_status=VisitStatus.CONCLUDED).exists()

    def test_noivu_sees_the_whole_province(self):
        noivu = self.users["noivu"]
        assert visits_visible_to(noivu).count() == InspectionVisit.objects.count()
        assert units_visible_to(noivu).filter(code="SX03").exists()
        assert tasks_visible_to(noivu).count() == RemediationTask.objects.count()

    def test_truongdoan_sees_only_the_visits_of_his_teams(self):
        truongdoan = self.users["truongdoan"]
        teams = TeamMember.objects.filter(user=truongdoan).values("team")
        visible = set(visits_visible_to(truongdoan).values_list("pk", flat=True))
        assert visible == set(InspectionVisit.objects.filter(team__in=teams).values_list("pk", flat=True))
        assert synthetic.live_visit().pk in visible
        synthetic_visits = InspectionVisit.objects.filter(unit__in=synthetic_units())
        assert synthetic_visits.exclude(team__in=teams).exists()
        assert synthetic_visits.filter(pk__in=visible).exists()

    def test_donvi_sees_his_units_tasks_and_no_others(self):
        donvi = self.users["donvi"]
        visible = tasks_visible_to(donvi)
        assert list(units_visible_to(donvi)) == [donvi.unit]
        assert set(visible.values_list("unit", flat=True)) == {donvi.unit_id}
        assert visible.filter(pk__in=self.tasks).count() == donvi_task_count(SMALL.tasks)
        assert visible.filter(pk__in=self.tasks, directive__visit__plan__year__lt=timezone.localdate().year).exists()
        assert self.tasks.exclude(unit=donvi.unit).exists()
        assert not visible.filter(pk__in=self.tasks.exclude(unit=donvi.unit)).exists()

    def test_the_services_accept_the_benchmarks_objects(self):
        donvi, thanhvien = self.users["donvi"], self.users["thanhvien"]
        task = synthetic.submittable_task("donvi")
        assert "submit" in allowed_actions(donvi, task)
        remediation_services.task_submit(actor=donvi, task=task, note="Đã thực hiện.", expected_version=task.version)
        assert RemediationTask.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED
        finding = synthetic.editable_finding()
        inspection_services.finding_update(
            actor=thanhvien, finding=finding, text=finding.text + " (bổ sung)", expected_version=finding.version
        )
        assert Finding.objects.get(pk=finding.pk).version == finding.version + 1

    def test_it_refuses_to_build_twice(self):
        with pytest.raises(CommandError, match="already holds the synthetic province"):
            call_command("make_province", "--small", stdout=io.StringIO())


def digest() -> tuple[int, str]:
    """What a build made, independent of primary keys: texts, places, dates, states, numbers."""
    rows = [
        (f.text, f.kind, f.area.code, f.visit.unit.code, str(f.visit.scheduled_on), f.position)
        for f in Finding.objects.filter(visit__unit__in=synthetic_units()).select_related("area", "visit__unit")
    ]
    rows += [
        (t.directive.text, t.unit.code, t.status, str(t.due_on), str(t.completed_on))
        for t in RemediationTask.objects.filter(unit__in=synthetic_units()).select_related("directive", "unit")
    ]
    rows += [
        (d.kind, d.subject, d.number_text, str(d.issued_on))
        for d in Document.objects.filter(issuer__code__startswith="SX")
    ]
    return len(rows), hashlib.sha256(repr(sorted(rows)).encode()).hexdigest()


def build_and_digest(seed: int, now) -> tuple[int, str]:
    with transaction.atomic():
        synthetic.build(sizes=SMALL, seed=seed, now=now)
        result = digest()
        transaction.set_rollback(True)  # fresh data for the next build
    return result


def test_the_same_seed_gives_the_same_province(db, reform_areas, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("load_demo", stdout=io.StringIO())
    now = timezone.now()
    size, first = build_and_digest(1, now)
    assert size > SMALL.findings
    assert build_and_digest(1, now) == (size, first)
    assert build_and_digest(2, now)[1] != first
