"""Who may open the console, and the audit trail: every admin action leaves an entry; the viewer filters by
date, person and kind and exports CSV."""
from __future__ import annotations

import csv
from datetime import date, timedelta

from PySide6.QtCore import Qt


def test_a_nurse_cannot_open_the_console(qtbot, keep, store, nurse):
    from kiosk.ui.admin import AdminConsole

    console = keep(AdminConsole(store, nurse))
    assert not console.allowed
    assert console.pages is None and not hasattr(console, "library")  # no page was even built
    assert "Only an admin" in console.refusal.text()
    denied = store.audit.entries(kind="access_denied")
    assert denied and denied[0].actor == "Nora Nurse"
    with qtbot.waitSignal(console.closed):
        qtbot.mouseClick(console.close_btn, Qt.MouseButton.LeftButton)


def test_an_admin_whose_account_was_disabled_is_refused(keep, store, admin):
    from kiosk.ui.admin import AdminConsole

    store.staff.add("Bo Admin", "admin", "591826")
    store.staff.set_disabled("Ana Admin", True, "Bo Admin")
    console = keep(AdminConsole(store, admin))  # the member object still says role=admin
    assert not console.allowed


def test_every_admin_action_leaves_an_audit_entry(console, store, qtbot, tmp_path):
    ctx = console.ctx
    ctx.pick_folder = lambda title: str(tmp_path / "pack")
    ctx.save_file = lambda title, suggested, filters: str(tmp_path / suggested)
    editor = console.editor

    def edit_after(text):
        editor.form.sections["after"].setPlainText(text)

    def sign_off():
        editor.tabs.setCurrentWidget(editor.review)
        editor.review.reviewer.setText("Dr Rivera")
        qtbot.mouseClick(editor.review.sign_btn, Qt.MouseButton.LeftButton)

    def add_staff():
        page = console.staff_page
        page.new_name.setText("Nora Nurse")
        page.new_pin.setText("735146")
        page.new_pin2.setText("735146")
        assert page.add()

    def reset_pin():
        page = console.staff_page
        page.select("Nora Nurse")
        page.reset_pin.setText("284617")
        page.reset_pin2.setText("284617")
        assert page.reset()

    def toggle_staff():
        console.staff_page.select("Nora Nurse")
        assert console.staff_page.toggle()

    def settings():
        console.settings_page.phone.setText("555-0100")
        assert console.settings_page.save()

    def export_pack():
        page = console.packs_page
        page._check_all(False)
        for i in range(page.export_list.count()):
            if page.export_list.item(i).data(Qt.ItemDataRole.UserRole) == "dry-needling":
                page.export_list.item(i).setCheckState(Qt.CheckState.Checked)
        assert page.export()

    def refused_pack():
        folder = tmp_path / "broken"
        folder.mkdir()
        (folder / "x.en.toml").write_text("slug = \n", encoding="utf-8")
        assert not console.packs_page.check_pack(str(folder))

    def import_pack():
        pack = tmp_path / "pack"
        target = pack / "dry-needling.en.toml"
        target.write_text(target.read_text(encoding="utf-8").replace("Dry needling", "Dry needling therapy", 1),
                          encoding="utf-8")
        assert console.packs_page.check_pack(str(pack))
        assert console.packs_page.apply_pack()

    def restore():
        backups = sorted(tmp_path.glob("kiosk-backup-*.sqlite3"))
        assert console.packs_page.restore_backup(str(backups[-1]))

    console.open_handout("knee-joint-injection", "en")
    actions = [
        ("draft", lambda: (edit_after("Rest today. Put ice on your knee."), editor.save_draft())),
        ("publish", editor.publish),
        ("review", sign_off),
        ("revert", lambda: editor.revert(1)),
        ("retire", editor.retire),
        ("settings", settings),
        ("staff", add_staff),
        ("staff", reset_pin),
        ("staff", toggle_staff),
        ("staff", toggle_staff),
        ("export", export_pack),
        ("import", refused_pack),
        ("import", import_pack),
        ("backup", lambda: console.packs_page.make_backup()),
        ("export", lambda: console.audit_page.export()),
        ("restore", restore),
    ]
    for kind, action in actions:
        before = store.audit.entries(actor="Ana Admin", limit=1)
        action()
        newest = store.audit.entries(actor="Ana Admin", limit=1)
        assert newest and newest != before, f"no audit entry after a {kind} action"
        assert newest[0].kind == kind


def test_the_audit_viewer_filters_and_exports_what_it_shows(console, store, qtbot, tmp_path):
    store.staff.add("Nora Nurse", "nurse", "735146", actor="Ana Admin")
    store.audit.record("Nora Nurse", "print", slug="knee-joint-injection")
    store.audit.record("Nora Nurse", "print", slug="dry-needling")
    store.audit.record("Ana Admin", "settings", changed=["phone"])
    console.show_page("Audit log")
    page = console.audit_page

    page.person.setCurrentIndex(page.person.findData("Nora Nurse"))
    page.reload()
    assert page.model.rowCount() == 2
    page.kind.setCurrentIndex(page.kind.findData("print"))
    page.person.setCurrentIndex(0)
    page.reload()
    assert {page.model.entries[i].actor for i in range(page.model.rowCount())} == {"Nora Nurse"}
    assert "slug=dry-needling" in page.model.index(0, 3).data()

    # dates: every entry was written today (real clock), so a window ending yesterday shows none
    real_today = date.today()
    page.use_dates.setChecked(True)
    page.since.setDate(real_today - timedelta(days=3))
    page.until.setDate(real_today - timedelta(days=1))
    assert page.model.rowCount() == 0
    assert not page.empty.isHidden() and page.table.isHidden()  # the empty state, not an empty table
    page.until.setDate(real_today)
    assert page.model.rowCount() == 2

    out = tmp_path / "audit.csv"
    assert page.export(str(out)) == 2
    with open(out, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["kind"] for r in rows] == ["print", "print"]
    assert {r["actor"] for r in rows} == {"Nora Nurse"}
    exported = store.audit.entries(kind="export", actor="Ana Admin")[0]
    assert exported.detail["what"] == "audit log" and exported.detail["rows"] == 2
