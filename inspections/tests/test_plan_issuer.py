"""A plan keeps its issuer when the issuer is merged away; new plans are not offered ended units."""

import datetime

from inspections.forms import PlanForm
from units import services
from units.models import Unit


def test_a_plan_keeps_its_issuer_after_the_issuer_merged_away(client, cast, setup):
    type(setup.plan).objects.filter(pk=setup.plan.pk).update(issuer=cast.department)
    setup.plan.refresh_from_db()
    services.units_merge(actor=cast.admin, units=[cast.department], into=cast.home_affairs_dept,
                         effective_on=datetime.date.today())  # fmt: skip
    form = PlanForm(instance=setup.plan, units=Unit.objects.active())
    labels = dict(form.fields["issuer"].choices)
    assert "chấm dứt từ" in labels[cast.department.pk]
    form = PlanForm({**form.initial, "issuer": cast.department.pk, "areas": []}, instance=setup.plan,
                    units=Unit.objects.active())  # fmt: skip
    form.is_valid()
    assert "issuer" not in form.errors  # still accepted
    new = PlanForm(units=Unit.objects.active())
    assert cast.department.pk not in dict(new.fields["issuer"].choices)
