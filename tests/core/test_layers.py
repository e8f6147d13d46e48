"""core/ never imports Qt: the command line and tests run without a display."""

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "core"
# The one allowed exception: the command line's PDF exports render with Qt (offscreen),
# importing ui.pdf_render lazily inside the command, never at module import time.
ALLOWED = {"cli.py: ui.pdf_render"}


def test_no_core_module_imports_qt():
    offenders = []
    for path in CORE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in ("PySide6", "ui")
            ]
    assert [o for o in offenders if o not in ALLOWED] == []


def test_core_runs_without_loading_qt():
    code = (
        "import sys, core.archive, core.cli; "
        "print(any(m.startswith('PySide6') for m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=CORE.parent, check=True
    )
    assert out.stdout.strip() == "False"
