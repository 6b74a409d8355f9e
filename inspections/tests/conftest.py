import pytest

from inspections.tests.factories import make_visit_setup


@pytest.fixture
def setup(cast):
    """A plan, its team (leader: cast.inspector; member) and a visit to cast.unit in 2026."""
    return make_visit_setup(cast)


@pytest.fixture
def remediation(cast):
    """A directive of a concluded visit to cast.unit and cast.sibling, due 30/09/2026, with a task each."""
    from inspections.tests.factories import make_remediation_setup

    return make_remediation_setup(cast)
