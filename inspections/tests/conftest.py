import pytest

from inspections.tests.factories import make_visit_setup


@pytest.fixture
def setup(cast):
    """A plan, its team (leader: cast.inspector; member) and a visit to cast.unit in 2026."""
    return make_visit_setup(cast)
