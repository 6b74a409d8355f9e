"""Fail on an import of the portal's own code inside a function (a circle dodged, not removed).

import-linter already counts such imports when it checks the layers and cycles;
this names them, so none creeps in "to make the import work". Exempt: tests and
migrations, and `AppConfig.ready()` (Django's place to connect signal receivers).
Usage: python scripts/check_late_imports.py  (exit status 1 if any is found)
"""

import ast
import sys
from pathlib import Path

FIRST_PARTY = ("cchc_portal", "audit", "core", "units", "inspections", "remediation", "reports")
ROOT = Path(__file__).resolve().parent.parent


def first_party(node: ast.ImportFrom | ast.Import) -> bool:
    if isinstance(node, ast.ImportFrom):
        return node.level > 0 or (node.module or "").split(".")[0] in FIRST_PARTY
    return any(alias.name.split(".")[0] in FIRST_PARTY for alias in node.names)


def late_imports(path: Path):
    tree = ast.parse(path.read_text(), str(path))
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        if path.name == "apps.py" and function.name == "ready":
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import | ast.ImportFrom) and first_party(node):
                yield node.lineno


def main() -> int:
    found = []
    for package in FIRST_PARTY:
        for path in sorted((ROOT / package).rglob("*.py")):
            if {"tests", "migrations"} & set(path.relative_to(ROOT).parts):
                continue
            found += [f"{path.relative_to(ROOT)}:{line}" for line in late_imports(path)]
    for place in found:
        print(f"{place}: import of the portal's own code inside a function; import it at the top (or fix the circle)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
