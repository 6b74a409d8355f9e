from django.core.management.base import BaseCommand

from core.files import audit, repair


class Command(BaseCommand):
    help = (
        "List stored files no row points at and rows whose file is missing; with --delete, remove the former, "
        "settle the latter and purge deleted files past their retention. Safe while the portal runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Remove orphans and settle rows without their file.")

    def handle(self, *args, delete=False, **options):
        report = audit()
        for path in report.orphans:
            self.stdout.write(f"orphan file: {path}")
        for label, pk, path in report.missing:
            self.stdout.write(f"missing file: {label} #{pk}: {path}")
        self.stdout.write(
            f"{len(report.orphans)} orphan files, {len(report.missing)} rows without their file, "
            f"{report.kept} deleted files kept for their retention period."
        )
        if delete:
            done = repair(report)
            self.stdout.write(", ".join(f"{name.replace('_', ' ')}: {count}" for name, count in done.items()))
