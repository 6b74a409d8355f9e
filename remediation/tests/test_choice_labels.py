"""Choice labels read from a table kept per field (`core.choices`) answer as Django's do."""

from django.utils import translation

from inspections.models import InspectionVisit, VisitStatus
from remediation.models import RemediationTask, TaskStatus


def test_a_status_label_is_the_choice_label_in_the_active_language(remediation):
    task = RemediationTask.objects.first()
    for language in ("vi", "en"):
        with translation.override(language):
            assert task.get_status_display() == str(TaskStatus(task.status).label)
    with translation.override("vi"):
        assert RemediationTask(status=TaskStatus.ACCEPTED).get_status_display() != "accepted"
    assert RemediationTask(status="no-such-status").get_status_display() == "no-such-status"


def test_a_visit_label_follows_the_language_too(setup):
    visit = InspectionVisit(status=VisitStatus.CONCLUDED)
    with translation.override("en"):
        english = visit.get_status_display()
        assert english == str(VisitStatus.CONCLUDED.label) == "Concluded"
    with translation.override("vi"):
        assert visit.get_status_display() == str(VisitStatus.CONCLUDED.label) != english
