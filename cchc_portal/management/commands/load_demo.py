from django.core.management.base import BaseCommand
from django.db import transaction

from inspections import demo as inspections_demo
from remediation import demo as remediation_demo
from reports import demo as reports_demo
from units import demo as units_demo


class Command(BaseCommand):
    help = "Load the demo province (idempotent). Demo passwords are for demonstration only."

    def handle(self, *args, **options):
        with transaction.atomic():
            loaded = units_demo.load()
            plans = inspections_demo.load(loaded["province"])
            remediation_demo.load(plans["2021"])
            reports_demo.load(plans)
        self.stdout.write(self.style.SUCCESS("Demo province loaded."))
        self.stdout.write(f"Demo logins (password {units_demo.DEMO_PASSWORD}):")
        for username, full_name, _title, role, _unit in units_demo.USERS:
            self.stdout.write(f"  {username:<12} {role.label} · {full_name}")
