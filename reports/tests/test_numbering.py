import datetime
import threading

import pytest
import time_machine
from django.db import connection

from conftest import current_version
from reports import services
from reports.models import Document
from reports.tests.factories import draft

pytestmark = pytest.mark.postgres


@time_machine.travel(datetime.date(2026, 6, 15))
def test_fifty_concurrent_issues_get_fifty_distinct_consecutive_numbers(transactional_db, remediation):
    drafts = [draft(actor=remediation.leader, kind="report", plan=remediation.plan) for _ in range(50)]
    barrier = threading.Barrier(50)
    errors = []

    def issue(document):
        try:
            barrier.wait(timeout=30)
            services.document_issue(
                actor=remediation.leader, document=document, expected_version=current_version(document)
            )
        except Exception as error:  # collected and reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(draft,)) for draft in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    numbers = sorted(Document.objects.filter(pk__in=[d.pk for d in drafts]).values_list("number", flat=True))
    assert numbers == list(range(1, 51))
