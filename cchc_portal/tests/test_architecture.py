"""The layering is a contract: the checks `make lint` runs find what they are meant to find."""

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_late_imports", ROOT / "scripts" / "check_late_imports.py")
check_late_imports = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_late_imports)


def test_a_late_import_of_the_portals_own_code_is_found(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "import json\n\n\ndef view():\n    import os\n    from remediation.services import task_accept\n"
        "    from .forms import X\n    return os, json, task_accept, X\n"
    )
    assert list(check_late_imports.late_imports(module)) == [6, 7]


def test_apps_ready_may_connect_receivers(tmp_path):
    module = tmp_path / "apps.py"
    module.write_text("class Config:\n    def ready(self):\n        from . import receivers  # noqa\n")
    assert list(check_late_imports.late_imports(module)) == []


def test_the_code_has_no_late_imports_and_keeps_its_layers():
    assert check_late_imports.main() == 0
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Contracts: 2 kept, 0 broken." in result.stdout
