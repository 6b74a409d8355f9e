import io
import time
from dataclasses import replace

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from cchc_portal import synthetic

SIZE_OPTIONS = {
    "departments": "departments (Sở, ban, ngành), codes SX01…",
    "units": "units in all: the departments and their subunits",
    "years": "years: the current one and those before it",
    "findings": "findings",
    "tasks": "remediation tasks",
    "documents": "official documents, issued and drafts",
}


class Command(BaseCommand):
    help = (
        "Grow the demo province into one of a real province's size, for benchmarks and tests "
        "(loads the demo first; refuses a database that has the synthetic province already)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--small", action="store_true", help="a small province for tests (3 departments, 15 units, 2 years, …)"
        )
        for name, what in SIZE_OPTIONS.items():
            default = getattr(synthetic.DEFAULT, name)
            parser.add_argument(f"--{name}", type=int, help=f"number of {what} (default {default})")
        parser.add_argument("--seed", type=int, default=1, help="random seed: the same seed gives the same data")

    def handle(self, *args, **options):
        started = time.monotonic()
        base = synthetic.SMALL if options["small"] else synthetic.DEFAULT
        sizes = replace(base, **{name: options[name] for name in SIZE_OPTIONS if options[name] is not None})
        try:
            synthetic.check(sizes)
        except ValueError as error:
            raise CommandError(str(error)) from None
        if synthetic.is_built():
            raise CommandError(
                "This database already holds the synthetic province (departments SX01…). "
                "Build it on a fresh database: manage.py flush (or a new DATABASE_URL), then make_province."
            )
        call_command("load_demo", stdout=io.StringIO())
        try:
            made = synthetic.build(sizes=sizes, seed=options["seed"])
        except (ValueError, synthetic.AlreadyBuilt) as error:
            raise CommandError(str(error) or "The synthetic province is already built.") from None
        settle()
        self.stdout.write(self.style.SUCCESS(f"Synthetic province built (seed {options['seed']}):"))
        for name, count in made.items():
            self.stdout.write(f"  {name:<18} {count:>8,}")
        self.stdout.write("In the database now (with the demo):")
        for name, count in synthetic.summary().items():
            self.stdout.write(f"  {name:<18} {count:>8,}")
        self.stdout.write(f"Live visit for benchmarks: “{synthetic.LIVE_VISIT_PLACE}” (synthetic.live_visit()).")
        self.stdout.write(f"Elapsed: {time.monotonic() - started:.1f} s")


def settle() -> None:
    """On PostgreSQL, what autovacuum does some minutes after a bulk load, at once: the planner's
    statistics of the new rows, and the visibility map that lets a count read an index alone (without
    it, counting the 50,000 findings visited 14,551 table pages: 12 ms instead of 9)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # VACUUM cannot run in a transaction (a test's): ANALYZE can
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
