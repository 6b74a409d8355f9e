from django.core.management.base import BaseCommand

from cchc_portal.tasks import sweep_now


class Command(BaseCommand):
    help = "Send again the background work left behind (renders, exports, e-mail); for cron where there is no beat."

    def handle(self, *args, **options):
        found = sweep_now()
        self.stdout.write(", ".join(f"{name}: {count}" for name, count in found.items()))
