"""Backup and restore on SQLite: the archive is complete, checked, refused when damaged, and restores whole.

The PostgreSQL path (pg_dump, pg_restore, the portal serving the restored files) is
`faults/test_backup_restore.py`, on a private server.
"""

import contextlib
import io
import json
import os
import sqlite3
import tarfile

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc_portal import backup
from inspections.tests.files import PNG
from remediation.models import TaskEvent, TaskEvidence

pytestmark = [
    pytest.mark.django_db(transaction=True),  # SQLite's backup API waits forever on a test's open transaction
    pytest.mark.skipif(settings.IS_POSTGRES, reason="SQLite path; PostgreSQL is faults/test_backup_restore.py"),
]


@pytest.fixture
def evidence():
    """The demo province plus one more evidence file, with bytes of its own."""
    call_command("load_demo", stdout=io.StringIO())
    content = PNG + os.urandom(4096)
    path = default_storage.save("evidence/tasks/extra/anh.png", ContentFile(content))
    event = TaskEvent.objects.filter(evidence__isnull=False).first()
    TaskEvidence.objects.create(
        event=event, file=path, original_name="anh.png", content_type="image/png", size=len(content)
    )
    return path, content


@pytest.fixture
def archive(evidence, tmp_path):
    """One archive of the demo, written by the command."""
    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())
    (path,) = (tmp_path / "backups").iterdir()
    return path


def counts_in(sqlite_file) -> dict:
    """Row counts of the main tables in an SQLite file."""
    with contextlib.closing(sqlite3.connect(sqlite_file)) as db:
        return backup._row_counts(db.cursor())


def source_counts() -> dict:
    return {name: model.objects.count() for name, model in backup.MAIN_MODELS.items()}


def check(path) -> str:
    out = io.StringIO()
    call_command("backup", check=str(path), stdout=out)
    return out.getvalue()


def test_the_archive_holds_database_media_and_manifest_and_passes_its_check(archive, evidence):
    assert archive.name.startswith("cchc-backup-") and archive.suffix == ".tar"
    assert archive.stat().st_mode & 0o077 == 0  # owner-only: password hashes and evidence are inside
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.loads(tar.extractfile("manifest.json").read())
        assert tar.extractfile(f"media/{evidence[0]}").read() == evidence[1]
    assert names[0] == "database.sqlite3" and names[-1] == "manifest.json"  # database first, then the files
    assert manifest["database"]["engine"] == "sqlite" and manifest["row_counts"] == source_counts()
    assert set(manifest["media"]) == {n for n in names if n.startswith("media/")} and len(manifest["media"]) == 4
    assert manifest["missing_files"] == []
    assert "is sound" in check(archive)
    assert not list(archive.parent.glob(".*"))  # no partial file or work folder left behind


def test_a_changed_byte_fails_the_check(archive, tmp_path):
    with tarfile.open(archive) as tar:
        member = tar.getmember(next(n for n in tar.getnames() if n.startswith("media/")))
    damaged = tmp_path / "damaged.tar"
    data = bytearray(archive.read_bytes())
    data[member.offset_data] ^= 0xFF
    damaged.write_bytes(data)
    with pytest.raises(CommandError, match="FAILS its check"):
        check(damaged)
    with pytest.raises(backup.BackupError, match="checksum does not match"):
        backup.backup_restore(archive=damaged, db=sqlite_target(tmp_path), media_root=tmp_path / "m")
    assert not (tmp_path / "m").exists()  # a damaged archive changes nothing


def sqlite_target(folder) -> dict:
    """A DATABASES entry for a new SQLite file in folder."""
    folder.mkdir(exist_ok=True)
    return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(folder / "restored.sqlite3")}


def test_restore_into_an_empty_target_gives_the_same_rows_and_bytes(archive, evidence, tmp_path):
    target, media = sqlite_target(tmp_path), tmp_path / "restored-media"
    report = backup.backup_restore(archive=archive, db=target, media_root=media)
    assert report.ok and report.files == 4, report.problems
    assert counts_in(target["NAME"]) == source_counts() == {name: pair[1] for name, pair in report.counts.items()}
    assert (media / evidence[0]).read_bytes() == evidence[1]
    with contextlib.closing(sqlite3.connect(target["NAME"])) as db:
        (restored_path,) = db.execute("SELECT file FROM remediation_taskevidence WHERE original_name = 'anh.png'")
    assert restored_path == (evidence[0],)

    with pytest.raises(backup.BackupError, match="not empty.*--force"):
        backup.backup_restore(archive=archive, db=target, media_root=tmp_path / "empty-media")
    (tmp_path / "used-media").mkdir()
    (tmp_path / "used-media" / "x.txt").write_text("x")
    with pytest.raises(backup.BackupError, match="The target is not empty: 1 files in"):
        backup.backup_restore(archive=archive, db=sqlite_target(tmp_path / "new"), media_root=tmp_path / "used-media")
    assert backup.backup_restore(archive=archive, db=target, media_root=media, force=True).ok


def test_a_file_missing_at_backup_time_is_listed_not_fatal(evidence, tmp_path):
    default_storage.delete(evidence[0])
    (settings.MEDIA_ROOT / "evidence" / ".part-being-written").write_bytes(b"half")  # a write in progress
    archive = backup.backup_create(output_dir=tmp_path / "b", media_root=settings.MEDIA_ROOT)
    manifest = backup.backup_check(archive=archive).manifest
    assert manifest["missing_files"] == [evidence[0]]
    assert len(manifest["media"]) == 3 and not any(".part-" in name for name in manifest["media"])
    report = backup.backup_restore(archive=archive, db=sqlite_target(tmp_path), media_root=tmp_path / "m")
    assert report.ok and report.warnings == ["1 files were already missing when the backup was made"]


def test_a_failed_backup_leaves_no_file(tmp_path, monkeypatch):
    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(backup, "_add_bytes", broken)
    with pytest.raises(OSError, match="disk full"):
        backup.backup_create(output_dir=tmp_path / "b", media_root=settings.MEDIA_ROOT)
    assert list((tmp_path / "b").iterdir()) == []
