"""The domain layers run without Qt: prove it by walking their imports, in a fresh interpreter."""
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QT_FREE = ["kiosk/core", "kiosk/store", "kiosk/content", "kiosk/sheet"]


def test_no_qt_import_statements_in_domain_layers():
    offenders = []
    for layer in QT_FREE:
        for path in (ROOT / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.split(".")[0] in ("PySide6", "shiboken6")]
    assert offenders == []


def test_importing_every_domain_module_loads_no_qt():
    modules = []
    for layer in QT_FREE:
        for path in sorted((ROOT / layer).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            modules.append(".".join(rel.parts).removesuffix(".__init__"))
    code = (
        "import sys, importlib\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "qt = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(','.join(qt))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert len(modules) > 10
    assert out.stdout.strip() == ""


def test_import_contracts_hold():
    """pyproject.toml's [tool.importlinter] contracts: ui and cli never import kiosk.store, the layers below the
    screens import no Qt, and data flows one way. lint-imports exits 1 on any broken contract."""
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.exists(), "import-linter is a test dependency (pyproject.toml [project.optional-dependencies])"
    out = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-3000:] + out.stderr[-2000:]
    assert "3 kept, 0 broken" in out.stdout


def test_the_import_contracts_catch_a_screen_that_imports_the_store(tmp_path):
    """The contract is not a hope: a copy of the package whose home screen imports the store fails it."""
    import shutil

    lint = Path(sys.executable).with_name("lint-imports")
    copy = tmp_path / "tree"
    shutil.copytree(ROOT / "kiosk", copy / "kiosk", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    home = copy / "kiosk" / "ui" / "patient" / "home.py"
    home.write_text(home.read_text(encoding="utf-8") + "\nfrom kiosk.store import Store  # noqa\n", encoding="utf-8")
    env = {"PYTHONPATH": str(copy), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([str(lint), "--contract", "doors-use-the-core"], cwd=copy, capture_output=True, text=True,
                         env=env)
    assert out.returncode == 1
    assert "kiosk.ui.patient.home -> kiosk.store" in out.stdout
