"""Stored files appear whole or not at all; a full disk is a message; deleted files wait out their retention."""

import errno
import os
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core.errors import StorageFull
from core.storage import AtomicFileSystemStorage


def files_in(root) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_file_is_written_to_a_temporary_name_and_linked_into_place(settings):
    path = default_storage.save("evidence/x/a.pdf", ContentFile(b"%PDF-1.4 whole"))
    assert isinstance(default_storage, AtomicFileSystemStorage)
    assert files_in(settings.MEDIA_ROOT) == [path] and default_storage.open(path).read() == b"%PDF-1.4 whole"
    again = default_storage.save("evidence/x/a.pdf", ContentFile(b"second"))
    assert again != path and default_storage.open(path).read() == b"%PDF-1.4 whole"  # never overwritten


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EDQUOT])
def test_a_full_disk_leaves_no_file_and_says_so(settings, code):
    # The data is written, then the disk refuses to keep it (what a full disk does on flush).
    full = OSError(code, os.strerror(code))
    with mock.patch("core.storage.os.fsync", side_effect=full), pytest.raises(StorageFull) as error:
        default_storage.save("evidence/y/b.pdf", ContentFile(b"x" * 100_000))
    assert "đầy" in str(error.value.messages[0])
    assert files_in(settings.MEDIA_ROOT) == []  # no truncated file, no temporary one


def test_other_write_errors_leave_no_partial_file_either(settings):
    with mock.patch("core.storage.os.fsync", side_effect=OSError(errno.EIO, "I/O error")), pytest.raises(OSError):
        default_storage.save("evidence/z/c.pdf", ContentFile(b"partial"))
    assert files_in(settings.MEDIA_ROOT) == []
