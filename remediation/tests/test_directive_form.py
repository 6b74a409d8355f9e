"""A directive form's units and shortcomings, drawn in one pass (core.forms.option_inputs) as Django draws them."""

from core.forms import option_inputs
from core.tests.test_fast_widgets import _by_django
from remediation.forms import DirectiveForm


def test_option_inputs_draw_a_directive_forms_units_and_shortcomings_as_django_does(remediation):
    visit = remediation.visit
    for form in (
        DirectiveForm(visit=visit, initial={"units": [visit.unit]}),
        DirectiveForm(data={"units": [str(visit.unit.pk), "999999"], "findings": ["1", "x"]}, visit=visit),
    ):
        form.is_valid()
        for name in ("units", "findings"):
            drawn = str(option_inputs(form[name]))
            assert drawn == _by_django(form[name], False) and drawn.count('type="checkbox"') >= 1, name
