import pytest

from reports import services


@pytest.fixture
def letter(remediation):
    """A draft remediation letter of the `remediation` plan, drawn up by its team leader."""
    return services.document_create(actor=remediation.leader, kind="remediation_letter", plan=remediation.plan)
