"""Backups an operator can trust: one archive holding the database, the media files and a manifest.

An archive `cchc-backup-YYYYmmdd-HHMMSS.tar` has three kinds of member, in this order:
the database (`database.dump`, pg_dump's custom format, or `database.sqlite3`), every
media file as `media/<storage name>`, and `manifest.json` (what the snapshot held: row
counts of the main tables, the files its rows point at, a SHA-256 of every other member).
`backup_check` verifies an archive without restoring it; `backup_restore` restores one into
an empty database and media folder and verifies the result against the manifest.

The functions take a database connection (backup) or a DATABASES entry (restore) and a
media folder rather than reading the settings, so a test can back up its own test database
and restore into a scratch file. The commands in `management/commands/` pass the settings.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.utils import ConnectionHandler
from django.utils import timezone

from inspections.models import Finding, InspectionVisit
from remediation.models import RemediationTask
from reports.models import Document
from units.models import Unit

FORMAT_VERSION = 1
ARCHIVE_PREFIX = "cchc-backup-"
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
DUMP_MEMBERS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024

# The tables whose row counts the manifest records and a restore must reproduce.
MAIN_MODELS = {
    "units": Unit,
    "inspection_visits": InspectionVisit,
    "findings": Finding,
    "remediation_tasks": RemediationTask,
    "documents": Document,
}


class BackupError(Exception):
    """A problem the operator must read; the commands print it and exit non-zero."""


@dataclass
class CheckReport:
    """What `backup_check` verified in an archive, and what it found wrong."""

    archive: Path
    manifest: dict | None = None
    problems: list[str] = field(default_factory=list)
    verified: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Safe to rely on: a manifest was read and nothing was wrong."""
        return self.manifest is not None and not self.problems


@dataclass
class RestoreReport:
    """Row counts and files found after a restore, against what the manifest promised."""

    counts: dict[str, tuple[int, int | None]] = field(default_factory=dict)  # name -> (manifest, restored)
    files: int = 0
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The restored data is what the backup held."""
        return not self.problems


# --- create ------------------------------------------------------------------------------


def backup_create(*, output_dir: Path, media_root: Path, connection=None) -> Path:
    """Write one complete archive into output_dir and return its path; a failed run leaves no file.

    The archive is written under a hidden temporary name in the same folder and renamed into
    place only when complete, so a file named `cchc-backup-*.tar` is always a whole backup.
    """
    connection = connection or connections["default"]
    output_dir, media_root = Path(output_dir).resolve(), Path(media_root).resolve()
    _refuse_output_inside_media(output_dir, media_root)
    output_dir.mkdir(parents=True, exist_ok=True)
    final = output_dir / f"{ARCHIVE_PREFIX}{timezone.localtime():%Y%m%d-%H%M%S}.tar"
    if final.exists():
        raise BackupError(f"{final} already exists; wait a second and run the backup again.")
    partial = output_dir / f".{final.name}.partial"
    try:
        with tempfile.TemporaryDirectory(prefix=".cchc-backup-", dir=output_dir) as work:
            _write_archive(partial, Path(work), media_root, connection)
        _fsync(partial)
        os.replace(partial, final)
        _fsync(output_dir)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return final


def _refuse_output_inside_media(output_dir: Path, media_root: Path) -> None:
    """A backup folder inside the media folder would end up inside the next backup."""
    if output_dir == media_root or media_root in output_dir.parents:
        raise BackupError(f"The backup folder {output_dir} is inside the media folder {media_root}; choose another.")


def _write_archive(partial: Path, work: Path, media_root: Path, connection) -> None:
    """The database, then the media files, then the manifest that vouches for both."""
    engine = _engine(connection)
    dump = work / DUMP_MEMBERS[engine]
    # Order matters: the database snapshot first, the files after. A file is written under a
    # new name before any row points at it, and is not deleted at once when a row lets go of
    # it, so every file a row of the snapshot points at exists already and is still there when
    # the copy reaches it. Files first would let a row committed in between point at a file the
    # archive lacks. A file the snapshot names that is missing anyway goes into the manifest's
    # `missing_files` instead of failing the whole backup.
    snapshot = _snapshot_postgres(connection, dump) if engine == "postgresql" else _snapshot_sqlite(connection, dump)
    # Owner-only from the first byte: the archive holds password hashes and every evidence file.
    with (
        open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as raw,
        tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tar,
    ):
        database = _add_file(tar, dump, dump.name)
        media = {}
        for name in _media_names(media_root):
            added = _add_file(tar, media_root / name, MEDIA_PREFIX + name)
            if added is not None:  # a file deleted while we walked is simply not in the backup
                media[MEDIA_PREFIX + name] = added
        manifest = _manifest(engine, connection, snapshot, database, media)
        _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode())


def _engine(connection) -> str:
    """'postgresql' or 'sqlite': the two databases the portal supports."""
    if connection.vendor not in DUMP_MEMBERS:
        raise BackupError(f"Backups support PostgreSQL and SQLite, not {connection.vendor}.")
    if connection.in_atomic_block:
        # SQLite's backup would wait forever on our own lock; PostgreSQL's snapshot needs a fresh transaction.
        raise BackupError("Run the backup outside a transaction.")
    return connection.vendor


def _snapshot_sqlite(connection, dump: Path) -> dict:
    """Copy the database through SQLite's online backup API (consistent even while the portal writes)."""
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(dump)) as copy:
        connection.connection.backup(copy)
        return _snapshot_facts(copy.cursor())


def _snapshot_postgres(connection, dump: Path) -> dict:
    """pg_dump inside our own repeatable-read snapshot, so the counts and file list describe the dump exactly."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot_id = cursor.fetchone()[0]
        arguments, env = _pg_arguments(connection.settings_dict)
        pg_dump = pg_tool("pg_dump", connection.pg_version // 10000)
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot_id}", f"--file={dump}", *arguments], env)
        return _snapshot_facts(cursor)


def _snapshot_facts(cursor) -> dict:
    """Row counts, referenced files and applied migrations, read from the snapshot itself."""
    return {
        "row_counts": _row_counts(cursor),
        "referenced_files": sorted(_referenced_files(cursor)),
        "migrations": _latest_migrations(cursor),
    }


def _row_counts(cursor) -> dict[str, int]:
    """Rows per main table: what a restore must reproduce."""
    counts = {}
    for name, model in MAIN_MODELS.items():
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(model._meta.db_table)}")
        counts[name] = cursor.fetchone()[0]
    return counts


def _file_columns() -> list[tuple[str, str]]:
    """(table, column) of every FileField of every model: where rows point at media files."""
    return [
        (model._meta.db_table, field.column)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def _referenced_files(cursor) -> set[str]:
    """Storage names of every file a row points at: those a backup must not lack."""
    names = set()
    for table, column in _file_columns():
        cursor.execute(f"SELECT {_quote(column)} FROM {_quote(table)} WHERE {_quote(column)} <> ''")
        names.update(row[0] for row in cursor.fetchall())
    return names


def _latest_migrations(cursor) -> dict[str, str]:
    """The last migration applied per app, so a restore can tell code older than the backup."""
    cursor.execute("SELECT app, MAX(name) FROM django_migrations GROUP BY app ORDER BY app")
    return dict(cursor.fetchall())


def _quote(name: str) -> str:
    """An SQL identifier, quoted the same way for PostgreSQL and SQLite."""
    return '"' + name.replace('"', '""') + '"'


def _media_names(media_root: Path, *, temporary: bool = False) -> list[str]:
    """Storage names ('/'-separated) of the media folder's files, which a backup must carry."""
    # Dot-names are left out unless asked for: the portal's stored names never start with a
    # dot; the temporary file of a write in progress does, and gets its real name when done.
    if not media_root.is_dir():
        return []
    names = []
    for folder, subfolders, files in os.walk(media_root):
        subfolders.sort()
        for file_name in sorted(files):
            path = Path(folder, file_name)
            if (temporary or not file_name.startswith(".")) and path.is_file() and not path.is_symlink():
                names.append(path.relative_to(media_root).as_posix())
    return names


class _HashingReader:
    """A file wrapper that hashes exactly the bytes tarfile copies into the archive."""

    def __init__(self, handle):
        self.handle, self.sha256 = handle, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar: tarfile.TarFile, path: Path, arcname: str) -> dict | None:
    """Add one file, hashing the bytes written (not the file again); None if it vanished first."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())  # the size of what we opened, not of what the name means now
            info = tarfile.TarInfo(arcname)
            info.size, info.mtime, info.mode = stat.st_size, int(stat.st_mtime), 0o640
            reader = _HashingReader(handle)
            tar.addfile(info, reader)
    except FileNotFoundError:
        return None
    return {"sha256": reader.sha256.hexdigest(), "size": info.size}


def _add_bytes(tar: tarfile.TarFile, arcname: str, data: bytes) -> None:
    """Add a member made in memory (the manifest)."""
    info = tarfile.TarInfo(arcname)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o640
    tar.addfile(info, io.BytesIO(data))


def _manifest(engine: str, connection, snapshot: dict, database: dict, media: dict) -> dict:
    """What the archive holds and what its snapshot said, for `backup_check` and `backup_restore`."""
    present = {name.removeprefix(MEDIA_PREFIX) for name in media}
    return {
        "format": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "portal": {"commit": _portal_commit()},
        "database": {
            "engine": engine,
            "member": DUMP_MEMBERS[engine],
            "server_version": connection.pg_version if engine == "postgresql" else sqlite3.sqlite_version,
            **database,
        },
        "row_counts": snapshot["row_counts"],
        "migrations": snapshot["migrations"],
        "media": media,
        "missing_files": sorted(set(snapshot["referenced_files"]) - present),
    }


def _portal_commit() -> str | None:
    """The git commit of the running code, when it runs from a checkout."""
    git = shutil.which("git")
    if not git:
        return None
    done = subprocess.run([git, "rev-parse", "HEAD"], cwd=settings.BASE_DIR, capture_output=True, text=True)
    if done.returncode != 0:
        return None
    return done.stdout.strip() or None


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entry list) to disk, so a finished backup survives a power cut."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --- PostgreSQL tools --------------------------------------------------------------------


def pg_tool(name: str, server_major: int | None = None) -> str:
    """pg_dump / pg_restore of the server's major version: an older client refuses a newer server."""
    # Debian installs one folder per version under /usr/lib/postgresql; the exact major wins,
    # then the newest newer one, then whatever is on PATH.
    found = {}
    for path in glob.glob(f"/usr/lib/postgresql/*/bin/{name}"):
        version = path.split("/")[4]
        if version.isdigit():
            found[int(version)] = path
    if server_major in found:
        return found[server_major]
    newer = [major for major in found if server_major is None or major > server_major]
    if newer:
        return found[max(newer)]
    on_path = shutil.which(name)
    if on_path:
        return on_path
    wanted = f" {server_major}" if server_major else ""
    raise BackupError(f"{name} is not installed: install the PostgreSQL{wanted} client (postgresql-client).")


def _pg_arguments(db: dict) -> tuple[list[str], dict]:
    """Connection options for pg_dump/pg_restore from a DATABASES entry; the password goes in PGPASSWORD."""
    arguments = [f"--dbname={db['NAME']}", "--no-password"]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            arguments.append(f"{option}={db[key]}")
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    if db.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = db["OPTIONS"]["sslmode"]
    return arguments, env


def _run(argv: list[str], env: dict | None = None) -> str:
    """Run a tool (argument list, no shell) and return its output; BackupError with its message on failure."""
    done = subprocess.run(argv, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


# --- check -------------------------------------------------------------------------------


def backup_check(*, archive: Path) -> CheckReport:
    """Verify an archive without restoring it: manifest, every checksum, a readable database dump."""
    with tempfile.TemporaryDirectory(prefix="cchc-check-") as work:
        return _verify_archive(Path(archive), Path(work))


def _verify_archive(archive: Path, work: Path) -> CheckReport:
    """Read every member once, comparing checksums; the dump is kept in work for a restore."""
    report = CheckReport(archive=archive)
    try:
        with tarfile.open(archive, "r:") as tar:
            report.manifest = _read_manifest(tar, report)
            if report.manifest is not None:
                _verify_members(tar, report.manifest, work, report)
    except (OSError, tarfile.TarError, EOFError) as error:
        report.problems.append(f"the archive cannot be read: {error}")
        return report
    if report.ok:
        _verify_dump(report.manifest, work, report)
    return report


def _read_manifest(tar: tarfile.TarFile, report: CheckReport) -> dict | None:
    """The parsed manifest, or None with a problem noted."""
    try:
        member = tar.getmember(MANIFEST)
        manifest = json.loads(tar.extractfile(member).read())
    except KeyError:
        report.problems.append(f"no {MANIFEST} in the archive")
        return None
    except ValueError as error:
        report.problems.append(f"{MANIFEST} is not valid JSON: {error}")
        return None
    if manifest.get("format") != FORMAT_VERSION or manifest.get("database", {}).get("engine") not in DUMP_MEMBERS:
        report.problems.append(f"{MANIFEST} is not a format-{FORMAT_VERSION} CCHC manifest")
        return None
    return manifest


def _expected_members(manifest: dict) -> dict[str, dict]:
    """Every member the manifest vouches for, with its checksum and size."""
    database = manifest["database"]
    return {database["member"]: database, **manifest["media"]}


def _verify_members(tar: tarfile.TarFile, manifest: dict, work: Path, report: CheckReport) -> None:
    """Hash each member as stored; note mismatches, extras and members the manifest lists but lacks."""
    expected, seen, problems_before = _expected_members(manifest), set(), len(report.problems)
    dump_member = manifest["database"]["member"]
    for member in tar:
        if member.name == MANIFEST:
            continue
        if member.name not in expected:
            report.problems.append(f"{member.name}: in the archive but not in the manifest")
            continue
        if not member.isreg() or not _safe_member_name(member.name):
            report.problems.append(f"{member.name}: not a plain file with a safe name")
            continue
        seen.add(member.name)
        keep = work / dump_member if member.name == dump_member else None
        digest = _hash_stream(tar.extractfile(member), keep)
        if digest != expected[member.name]["sha256"]:
            report.problems.append(f"{member.name}: checksum does not match the manifest")
    for name in sorted(set(expected) - seen):
        report.problems.append(f"{name}: listed in the manifest but not in the archive")
    if len(report.problems) > problems_before:
        return
    media = len([name for name in seen if name.startswith(MEDIA_PREFIX)])
    report.verified.append(f"checksums of the database dump and {media} media files match the manifest")


def _safe_member_name(name: str) -> bool:
    """A relative path without '..' (so unpacking cannot write outside the media folder)."""
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _hash_stream(stream, keep: Path | None = None) -> str:
    """SHA-256 of a stream, optionally writing it to keep as it is read."""
    digest = hashlib.sha256()
    with open(keep, "wb") if keep else contextlib.nullcontext() as copy:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            if copy:
                copy.write(chunk)
    return digest.hexdigest()


def _file_sha256(path: Path) -> str:
    """SHA-256 of a file on disk."""
    with open(path, "rb") as handle:
        return _hash_stream(handle)


def _verify_dump(manifest: dict, work: Path, report: CheckReport) -> None:
    """The database dump opens: pg_restore reads its table of contents, SQLite passes integrity_check."""
    database = manifest["database"]
    dump = work / database["member"]
    try:
        if database["engine"] == "postgresql":
            _verify_pg_dump(dump, database["server_version"] // 10000, report)
        else:
            _verify_sqlite_dump(dump, manifest["row_counts"], report)
    except (BackupError, sqlite3.DatabaseError) as error:
        report.problems.append(f"{dump.name} is not readable: {error}")


def _verify_pg_dump(dump: Path, server_major: int, report: CheckReport) -> None:
    """pg_restore --list reads the dump's table of contents; the main tables' data must be in it."""
    listing = _run([pg_tool("pg_restore", server_major), "--list", str(dump)])
    for name, model in MAIN_MODELS.items():
        if f" TABLE DATA public {model._meta.db_table} " not in listing:
            report.problems.append(f"{dump.name} holds no data for {name} ({model._meta.db_table})")
    report.verified.append(f"pg_restore --list reads {dump.name} ({len(listing.splitlines())} lines)")


def _verify_sqlite_dump(dump: Path, row_counts: dict, report: CheckReport) -> None:
    """PRAGMA integrity_check on the extracted (temporary) copy, and its row counts."""
    with contextlib.closing(sqlite3.connect(dump)) as copy:
        result = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if result != ["ok"]:
            report.problems.append(f"{dump.name} fails integrity_check: {'; '.join(result[:5])}")
            return
        counts = _row_counts(copy.cursor())
    if counts != row_counts:
        report.problems.append(f"{dump.name} row counts {counts} differ from the manifest's {row_counts}")
    report.verified.append(f"{dump.name} passes PRAGMA integrity_check and holds the manifest's row counts")


# --- restore -----------------------------------------------------------------------------


def backup_restore(*, archive: Path, db: dict, media_root: Path, force: bool = False) -> RestoreReport:
    """Restore an archive into the database `db` (a DATABASES entry) and media_root, then verify both.

    The archive is checked in full first, so a damaged one changes nothing. Refuses a database
    that holds rows in any of the portal's tables, or a media folder with files, unless force.
    """
    archive, media_root = Path(archive), Path(media_root)
    with tempfile.TemporaryDirectory(prefix="cchc-restore-") as work:
        check = _verify_archive(archive, Path(work))
        if not check.ok:
            raise BackupError("The archive failed its check; nothing was restored:\n  " + "\n  ".join(check.problems))
        manifest = check.manifest
        target = _connect(db)
        try:
            _refuse_other_engine(manifest, target)
            if not force:
                _refuse_occupied(target, media_root)
            target.close()  # SQLite: our handle must not hold the file while it is replaced
            _restore_database(manifest, Path(work) / manifest["database"]["member"], target)
            _unpack_media(archive, media_root)
            return _verify_restore(manifest, target, media_root)
        finally:
            target.close()


def _connect(db: dict):
    """A Django connection to a DATABASES entry, separate from the portal's own connections."""
    # Its own handler, so "default" here is the target and never the portal's (or a test's) connection.
    return ConnectionHandler({"default": dict(db)})["default"]


def _refuse_other_engine(manifest: dict, target) -> None:
    """A PostgreSQL dump cannot go into SQLite, nor the other way round."""
    engine = manifest["database"]["engine"]
    if target.vendor != engine:
        raise BackupError(f"The archive holds a {engine} database; the target database is {target.vendor}.")


def _portal_tables() -> set[str]:
    """Every table the portal's models (and Django's migration record) live in."""
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    return tables | {"django_migrations"}


def _occupied_tables(target) -> list[str]:
    """The portal's tables in the target database that hold at least one row."""
    with target.cursor() as cursor:
        existing = set(target.introspection.table_names(cursor)) & _portal_tables()
        occupied = []
        for table in sorted(existing):
            cursor.execute(f"SELECT 1 FROM {_quote(table)} LIMIT 1")
            if cursor.fetchone():
                occupied.append(table)
    return occupied


def _refuse_occupied(target, media_root: Path) -> None:
    """Restoring over live data is never an accident: an operator must say --force."""
    tables = _occupied_tables(target)
    files = _media_names(media_root, temporary=True)
    if tables or files:
        found = []
        if tables:
            more = ", …" if len(tables) > 5 else ""
            found.append(f"{len(tables)} tables with rows in the database ({', '.join(tables[:5])}{more})")
        if files:
            found.append(f"{len(files)} files in {media_root}")
        raise BackupError(
            "The target is not empty: " + "; ".join(found) + ". Restore into an empty database and media folder, "
            "or pass --force to overwrite them."
        )


def _restore_database(manifest: dict, dump: Path, target) -> None:
    """pg_restore for PostgreSQL; SQLite's backup API to copy the file into place."""
    if manifest["database"]["engine"] == "postgresql":
        _restore_postgres(dump, target)
    else:
        _restore_sqlite(dump, Path(target.settings_dict["NAME"]))


def _restore_postgres(dump: Path, target) -> None:
    """pg_restore in one transaction, so a failure leaves the database as it was."""
    # --no-owner and --no-acl: the objects belong to the user we connect as, since the roles of
    # the server the backup came from need not exist here. --clean --if-exists drops what the dump
    # recreates, which only matters with --force (an empty database has nothing to drop).
    target.ensure_connection()
    server_major = target.pg_version // 10000
    target.close()
    arguments, env = _pg_arguments(target.settings_dict)
    pg_restore = pg_tool("pg_restore", server_major)
    _run([pg_restore, "--no-owner", "--no-acl", "--clean", "--if-exists", "--single-transaction",
          "--exit-on-error", *arguments, str(dump)], env)  # fmt: skip


def _restore_sqlite(dump: Path, name: Path) -> None:
    """Put the database in place with the backup API: safe where copying over the file is not."""
    # Unlike copying over the file, this respects the journal or WAL file an existing database
    # may have and the locks of anyone who has it open, and replaces every page in one step.
    if not name.parent.is_dir():
        raise BackupError(f"The folder of the SQLite database {name} does not exist.")
    with contextlib.closing(sqlite3.connect(dump)) as source, contextlib.closing(sqlite3.connect(name)) as dest:
        source.backup(dest)


def _unpack_media(archive: Path, media_root: Path) -> None:
    """Write every media member under media_root (names were checked by _verify_archive)."""
    with tarfile.open(archive, "r:") as tar:
        for member in tar:
            if not member.name.startswith(MEDIA_PREFIX) or not member.isreg():
                continue
            path = media_root / member.name.removeprefix(MEDIA_PREFIX)
            path.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as source, open(path, "wb") as dest:
                shutil.copyfileobj(source, dest, CHUNK)
            os.utime(path, (member.mtime, member.mtime))


def _verify_restore(manifest: dict, target, media_root: Path) -> RestoreReport:
    """Row counts, checksums and referenced files of what was restored, against the manifest."""
    report = RestoreReport()
    with target.cursor() as cursor:
        restored = _row_counts(cursor)
        referenced = _referenced_files(cursor)
    for name, expected in manifest["row_counts"].items():
        report.counts[name] = (expected, restored.get(name))
        if restored.get(name) != expected:
            report.problems.append(f"{name}: {restored.get(name)} rows restored, the manifest says {expected}")
    for member, entry in manifest["media"].items():
        path = media_root / member.removeprefix(MEDIA_PREFIX)
        if not path.is_file() or _file_sha256(path) != entry["sha256"]:
            report.problems.append(f"{member}: the restored file does not match the manifest")
        else:
            report.files += 1
    known_missing = set(manifest["missing_files"])
    for name in sorted(referenced - known_missing):
        if not (media_root / name).is_file():
            report.problems.append(f"media/{name}: a restored row points at it but it is not in the media folder")
    if known_missing:
        report.warnings.append(f"{len(known_missing)} files were already missing when the backup was made")
    report.warnings += _newer_migrations(manifest)
    return report


def _newer_migrations(manifest: dict) -> list[str]:
    """Migrations the backup has applied that this code does not know: the code is older than the data."""
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    return [
        f"the backup has {app}.{name} applied, which this code does not have: upgrade the code first"
        for app, name in manifest.get("migrations", {}).items()
        if app in apps.app_configs and (app, name) not in known
    ]
