import datetime

from django.core.management.base import BaseCommand

from remediation.services.reminders import send_remediation_reminders


class Command(BaseCommand):
    help = "Send today's remediation reminders (for deployments without Celery beat; safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="Pretend today is this date (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        count = send_remediation_reminders(today=date)
        self.stdout.write(f"{count} reminders sent.")
