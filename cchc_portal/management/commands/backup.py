from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cchc_portal import backup


class Command(BaseCommand):
    help = (
        "Write one dated archive (database, media files, manifest) into --output (default DJANGO_BACKUP_DIR or "
        "./backups), or with --check ARCHIVE verify an archive without restoring it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="DIR", help="folder for the archive (default: DJANGO_BACKUP_DIR)")
        parser.add_argument("--check", metavar="ARCHIVE", help="verify this archive instead of writing one")

    def handle(self, *args, output=None, check=None, **options):
        try:
            if check:
                self._check(Path(check))
            else:
                self._create(Path(output) if output else settings.BACKUP_DIR)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error

    def _create(self, output: Path) -> None:
        archive = backup.backup_create(output_dir=output, media_root=settings.MEDIA_ROOT)
        report = backup.backup_check(archive=archive)
        self._print(report)
        if not report.ok:
            raise CommandError(f"{archive} was written but fails its check.")
        self.stdout.write(self.style.SUCCESS(f"Backup written: {archive}"))

    def _check(self, archive: Path) -> None:
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist.")
        report = backup.backup_check(archive=archive)
        self._print(report)
        if not report.ok:
            raise CommandError(f"{archive} FAILS its check: do not rely on it.")
        self.stdout.write(self.style.SUCCESS(f"{archive} is sound."))

    def _print(self, report: backup.CheckReport) -> None:
        manifest = report.manifest or {}
        if manifest:
            database = manifest["database"]
            self.stdout.write(f"Archive {report.archive.name}: made {manifest['created_at']}, {database['engine']}")
            counts = ", ".join(f"{name} {count}" for name, count in manifest["row_counts"].items())
            self.stdout.write(f"  rows: {counts}")
            self.stdout.write(f"  media files: {len(manifest['media'])}")
            for name in manifest["missing_files"]:
                self.stdout.write(self.style.WARNING(f"  missing when backed up: {name}"))
        for line in report.verified:
            self.stdout.write(f"  ok: {line}")
        for line in report.problems:
            self.stdout.write(self.style.ERROR(f"  PROBLEM: {line}"))
