from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cchc_portal import backup


class Command(BaseCommand):
    help = (
        "Restore an archive of `manage.py backup` into the configured database (DATABASE_URL) and media folder "
        "(DJANGO_MEDIA_ROOT), both empty, then verify row counts and checksums against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a cchc-backup-*.tar file")
        parser.add_argument("--force", action="store_true", help="restore even over a database or media with data")

    def handle(self, *args, archive, force=False, **options):
        try:
            report = backup.backup_restore(
                archive=archive, db=settings.DATABASES["default"], media_root=settings.MEDIA_ROOT, force=force
            )
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        for name, (expected, restored) in report.counts.items():
            mark = "ok" if expected == restored else "MISMATCH"
            self.stdout.write(f"  {name:<18} manifest {expected:>7}  restored {restored!s:>7}  {mark}")
        self.stdout.write(f"  media files        {report.files} restored with matching checksums")
        for line in report.warnings:
            self.stdout.write(self.style.WARNING(f"  warning: {line}"))
        for line in report.problems:
            self.stdout.write(self.style.ERROR(f"  PROBLEM: {line}"))
        if not report.ok:
            raise CommandError("The restore does not match the backup's manifest.")
        self.stdout.write(self.style.SUCCESS("Restored and verified. Run `manage.py migrate` if the code is newer."))
