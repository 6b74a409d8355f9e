import pytest

from reports.tests.factories import draft


@pytest.fixture
def letter(remediation):
    """A draft remediation letter of the `remediation` plan, drawn up by its team leader."""
    return draft(actor=remediation.leader, kind="remediation_letter", plan=remediation.plan)
