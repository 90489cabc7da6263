"""No file-system browsing from any screen a patient or a nurse can reach (issue 13, security review finding 1).

Two proofs, neither by swapping code out: (1) by source, no module outside kiosk/ui/admin names a class that
browses files (QFileDialog, QFileSystemModel) or hands a path to the desktop (QDesktopServices); (2) by driving
the real screens: a nurse's Save as PDF after a failed print lands in the folder an admin chose, under a
generated name, and says where; with no folder it says an admin must choose one. An admin signed in still gets
"Save as…", driven here through Qt's real file dialog."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest
from staff_support import ADMIN, ADMIN_PIN, PATIENT, click, fill, open_form

import kiosk

PACKAGE = Path(kiosk.__file__).parent
BROWSERS = {"QFileDialog", "QFileSystemModel", "QDesktopServices"}


def _names(tree: ast.AST) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.Name):
            found.add(node.id)
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
    return found


def test_no_module_outside_the_admin_console_names_a_file_browser():
    admin = PACKAGE / "ui" / "admin"
    offenders = {}
    modules = [p for p in PACKAGE.rglob("*.py") if admin not in p.parents]
    assert len(modules) > 60  # the walk really covers the package
    for path in modules:
        used = _names(ast.parse(path.read_text(encoding="utf-8"))) & BROWSERS
        if used:
            offenders[str(path.relative_to(PACKAGE))] = sorted(used)
    assert offenders == {}
    # and the admin console does use one (the rule above is not vacuous)
    assert "QFileDialog" in _names(ast.parse((admin / "save_anywhere.py").read_text(encoding="utf-8")))


def _fail_print(qtbot, screen):
    click(qtbot, screen.panel.print_btn)
    qtbot.waitUntil(lambda: screen.panel.state == "failed", timeout=10000)


@pytest.fixture
def no_cups(monkeypatch, tmp_path, staff):
    monkeypatch.setenv("CUPS_SERVER", str(tmp_path / "nothing-here.sock"))
    staff.settings.update("test", print_backend="cups", default_printer="front-desk")


def test_a_nurses_save_as_pdf_lands_in_the_admins_folder_with_a_generated_name(qtbot, window, staff,
                                                                                tmp_path_factory, no_cups):
    stick = tmp_path_factory.mktemp("media") / "USB"  # outside the data folder (the database's tmp_path)
    stick.mkdir(parents=True)
    staff.settings.update("test", save_folders=(str(stick),))
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    _fail_print(qtbot, screen)
    assert not screen.panel.save_as_btn.isVisible()  # no "Save as…" for a nurse
    click(qtbot, screen.panel.save_btn)
    (saved,) = stick.iterdir()
    assert saved.name.startswith("aftercare-facet-joint-injection-") and saved.suffix == ".pdf"
    assert PATIENT.split()[0] not in saved.name and "Marlowe" not in saved.name
    assert saved.read_bytes() == screen.preview.sheet.pdf
    assert screen.panel.status.text() == f"Saved the sheet as {saved.name} in {stick}."
    assert staff.audit.entries(kind="print")[0].detail["outcome"] == "saved_as_pdf"
    # the database is untouched and nothing else appeared beside it
    assert staff.path.read_bytes()[:16] == b"SQLite format 3\x00"


def test_with_no_folder_the_button_says_an_admin_must_choose_one(qtbot, window, staff, no_cups):
    screen = open_form(qtbot, window)
    fill(qtbot, screen)
    _fail_print(qtbot, screen)
    assert screen.panel.save_btn.isVisible() and not screen.panel.save_btn.isEnabled()
    assert screen.panel.save_btn.text() == "Save as PDF"
    assert screen.panel.save_note.isVisible()
    assert screen.panel.save_note.text() == "Save as PDF: an admin must choose a folder"


def test_an_admin_signed_in_can_still_save_anywhere_through_the_dialog(qtbot, window, staff, tmp_path_factory,
                                                                       no_cups):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

    screen = open_form(qtbot, window, ADMIN, ADMIN_PIN)
    fill(qtbot, screen)
    _fail_print(qtbot, screen)
    assert screen.panel.save_as_btn.isVisible()
    target = tmp_path_factory.mktemp("anywhere") / "for-the-chart.pdf"
    answered = []

    def answer():
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()]
        if not dialogs:
            QTimer.singleShot(50, answer)
            return
        dialogs[0].findChild(QLineEdit, "fileNameEdit").setText(str(target))  # typed by the admin
        dialogs[0].accept()
        answered.append(True)

    QTimer.singleShot(50, answer)
    click(qtbot, screen.panel.save_as_btn)
    assert answered, "the dialog never opened"
    assert screen.panel.status.text() == f"Saved the sheet as for-the-chart.pdf in {target.parent}."
    assert target.read_bytes() == screen.preview.sheet.pdf

