"""The media disk full: uploads answer that storage is full, in Vietnamese, and leave nothing behind.

The media folder is a 2 MB tmpfs filled to its last ~100 KB. A unit head then
uploads evidence through the API (a small file that fits and a large one that
does not, in one request; the large one alone; then the small one with not a byte
left) and through the task page. The API must answer 507 with the Vietnamese
message, the page must show it on the form (never a bare 500), the media tree
must hold exactly the files it held before (no partial or empty file, not even
the small one that fitted), no evidence row may be added, and `check_files` must
find no row without its file. Once space is freed, the same upload goes through.
"""

import os
import subprocess

import pytest

from faults.conftest import REQUIRED
from faults.portal import Client, record
from inspections.tests.files import PNG  # a whole image (uploads are checked whole); padding follows its end

FULL = "Bộ nhớ lưu tệp của cổng thông tin đã đầy"  # "The portal's file storage is full"
FREE_LEFT = 100 * 1024


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs, unmounted afterwards whatever happens; needs root (a failure under CCHC_REQUIRE_SERVICES=1)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)  # fmt: skip
    if done.returncode:
        reason = f"cannot mount a tmpfs (root needed): {done.stderr.strip()}"
        if REQUIRED:
            pytest.fail(f"{reason} (CCHC_REQUIRE_SERVICES=1: this test must run)", pytrace=False)
        pytest.skip(reason)
    try:
        yield mount_point
    finally:
        if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(disk, leave: int) -> None:
    """Write a filler file until the disk is full, then give back `leave` bytes."""
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    os.truncate(filler, max(0, filler.stat().st_size - leave))


def image(size: int) -> bytes:
    return PNG + os.urandom(size - len(PNG))


def test_a_full_media_disk_is_a_clear_message_and_leaves_no_partial_file(private_redis, small_disk, make_portal):
    portal = make_portal(private_redis.url(), media_root=small_disk / "media")
    base = portal.web(workers=2)
    task, head, version = portal.sql(
        "SELECT t.id, u.username, t.version FROM remediation_remediationtask t "
        "JOIN units_unit n ON n.id = t.unit_id JOIN units_user u ON u.id = n.head_id "
        "WHERE t.status = 'in_progress' ORDER BY t.id LIMIT 1"
    ).split("|")
    api, page = Client(base).api_login(head), Client(base).login(head)
    fill(small_disk, FREE_LEFT)
    before = portal.files()
    rows_before = portal.sql("SELECT count(*) FROM remediation_taskevidence")
    files = [
        ("files", "anh-nho.png", image(40_000), "image/png"),
        ("files", "anh-lon.png", image(400_000), "image/png"),
    ]

    answers = {}
    answers["api two files"] = api.post(
        f"/api/v1/tasks/{task}/submit/", form={"note": "Đã khắc phục.", "version": version}, files=files
    )
    answers["api one large file"] = api.post(
        f"/api/v1/tasks/{task}/submit/", form={"note": "Đã khắc phục.", "version": version}, files=files[1:]
    )
    answers["page"] = page.post(
        f"/remediation/tasks/{task}/report/", form={"note": "Tiến độ.", "version": version}, files=files
    )
    fill(small_disk, 0)  # not one byte left
    answers["api on an empty disk"] = api.post(
        f"/api/v1/tasks/{task}/submit/", form={"note": "Đã khắc phục.", "version": version}, files=files[:1]
    )
    after = portal.files()
    rows_after = portal.sql("SELECT count(*) FROM remediation_taskevidence")
    check = portal.manage("check_files").stdout

    (small_disk / "filler").unlink()  # the administrator frees space
    retried = api.post(f"/api/v1/tasks/{task}/submit/", form={"note": "Đã khắc phục.", "version": version}, files=files)
    stored = {p: size for p, size in portal.files().items() if p not in before}
    check_after = portal.manage("check_files").stdout

    left_behind = sorted(set(after) - set(before)) + [p for p in before if after.get(p) != before[p]]
    record(
        "media-full",
        f"{len(answers)} uploads on a full disk: API {answers['api two files'].status}, "
        f"{answers['api one large file'].status} and {answers['api on an empty disk'].status}, page {answers['page'].status} with the Vietnamese message; "
        f"{len(left_behind)} partial or stray files, {int(rows_after) - int(rows_before)} rows added, "
        f"check_files: {check.strip().splitlines()[-1].rstrip('.')}; after freeing space the upload answered {retried.status} "
        f"with {len(stored)} files, lost 0",
        uploads=len(answers),
        statuses={name: answer.status for name, answer in answers.items()},
        partial_files=len(left_behind),
        rows_added=int(rows_after) - int(rows_before),
        retried_status=retried.status,
    )
    for name in ("api two files", "api one large file", "api on an empty disk"):
        answer = answers[name]
        assert answer.status == 507 and FULL in answer.json()["detail"], (name, answer.status, answer.text[:300])
    assert answers["page"].status == 200 and FULL in answers["page"].text, answers["page"].text[:300]
    assert left_behind == [], left_behind
    assert rows_after == rows_before
    assert "0 rows without their file" in check, check
    assert retried.status == 200, retried.text[:300]
    assert sorted(stored.values()) == [40_000, 400_000], stored
    assert "0 rows without their file" in check_after, check_after
