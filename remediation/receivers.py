"""How remediation follows the inspection: a concluded visit lets its units meet their tasks.

A signal, because the dependency runs remediation → inspections: recording a
visit knows nothing of remediation, and concluding it only says that it did.
"""

from django.dispatch import receiver

from inspections.signals import visit_concluded

from .selectors import tasks_not_yet_announced
from .services import tasks_announce


@receiver(visit_concluded)
def announce_tasks_of_concluded_visit(sender, visit, **kwargs):
    tasks_announce(tasks_not_yet_announced(visit))
