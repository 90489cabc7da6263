"""Content packs and backups from the console: a broken pack is refused with FILE:LINE reasons and changes
nothing; a good pack shows what it would change and applies all at once; a corrupt backup is refused and the
current database keeps working; a real backup restores."""
from __future__ import annotations

import sqlite3

from PySide6.QtCore import Qt

from kiosk.content.source import dump


def library_state(store):
    return [(r.slug, r.language, r.latest_version, r.status) for r in store.handouts.library()]


def export_pack(console, folder, slugs):
    page = console.packs_page
    page._check_all(False)
    for i in range(page.export_list.count()):
        item = page.export_list.item(i)
        if item.data(Qt.ItemDataRole.UserRole) in slugs:
            item.setCheckState(Qt.CheckState.Checked)
    console.ctx.pick_folder = lambda title: str(folder)
    return page.export()


def test_export_writes_the_source_format_of_the_chosen_handouts(console, store, tmp_path):
    written = export_pack(console, tmp_path / "pack", {"dry-needling"})
    assert sorted(p.name for p in written) == ["dry-needling.en.toml", "dry-needling.es.toml"]
    for path in written:
        lang = path.name.split(".")[1]
        assert path.read_text(encoding="utf-8") == dump(store.handouts.get_published("dry-needling", lang).handout)
    assert store.audit.entries(kind="export", actor="Ana Admin")


def test_a_pack_with_one_broken_file_is_refused_and_changes_nothing(console, store, qtbot, tmp_path):
    folder = tmp_path / "pack"
    export_pack(console, folder, {"knee-joint-injection"})
    knee = folder / "knee-joint-injection.en.toml"
    knee.write_text(knee.read_text(encoding="utf-8").replace("Most people go home right after.",
                                                             "You can go home soon after."), encoding="utf-8")
    (folder / "broken.en.toml").write_text('slug = "broken"\ntitle = \n', encoding="utf-8")
    before = library_state(store)

    console.ctx.pick_folder = lambda title: str(folder)
    console.show_page("Packs & backup")
    qtbot.mouseClick(console.packs_page.check_btn, Qt.MouseButton.LeftButton)

    page = console.packs_page
    reasons = [page.import_list.item(i).text() for i in range(page.import_list.count())]
    assert any(r.startswith(f"{folder / 'broken.en.toml'}:2:") for r in reasons), reasons
    assert "Refused" in page.import_status.text()
    assert not page.apply_btn.isEnabled()
    assert page.apply_pack() is False
    assert library_state(store) == before
    assert "go home soon" not in store.handouts.get_published("knee-joint-injection", "en").handout.summary
    refused = store.audit.entries(kind="import", actor="Ana Admin")
    assert refused and refused[0].detail["result"] == "refused"

    # fixed: the check lists what would change; applying publishes it (after a confirmation)
    (folder / "broken.en.toml").unlink()
    assert page.check_pack(str(folder))
    listed = [page.import_list.item(i).text() for i in range(page.import_list.count())]
    assert "changed: knee-joint-injection (en)" in listed
    assert "same: knee-joint-injection (es)" in listed
    assert library_state(store) == before  # checking alone changes nothing
    qtbot.mouseClick(page.apply_btn, Qt.MouseButton.LeftButton)
    assert console.ctx.confirm.asked[-1][0] == "Import"
    assert "go home soon" in store.handouts.get_published("knee-joint-injection", "en").handout.summary
    assert store.handouts.get_published("knee-joint-injection", "es").version == 1  # unchanged: no new version


def corrupt_copy(store, path):
    """A real kiosk database whose pages are then damaged: passes the header check, fails integrity."""
    from kiosk.store.backup import backup

    backup(store, path, actor="test")
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):  # scribble over the start of every page after the first
        data[offset:offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_a_corrupt_backup_is_refused_and_the_database_keeps_working(console, store, qtbot, tmp_path):
    bad = tmp_path / "bad.sqlite3"
    corrupt_copy(store, bad)
    junk = tmp_path / "notes.sqlite3"
    junk.write_bytes(b"these are not the droids")
    before = library_state(store)
    console.show_page("Packs & backup")

    for path in (bad, junk):
        console.ctx.open_file = lambda title, filters, p=path: str(p)
        qtbot.mouseClick(console.packs_page.restore_btn, Qt.MouseButton.LeftButton)
        assert "Refused" in console.packs_page.db_status.text()
        assert console.ctx.confirm.asked == []  # refused before any "are you sure"

    assert library_state(store) == before
    assert [e.detail.get("result") for e in store.audit.entries(kind="restore")] == ["refused", "refused"]
    # the console and the store still work: an edit saves as a draft
    console.open_handout("dry-needling", "en")
    console.editor.form.title.setText("Dry needling for tight muscles")
    assert console.editor.save_draft()
    assert store.handouts.latest("dry-needling", "en").handout.title == "Dry needling for tight muscles"
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_backup_then_restore_brings_the_old_library_back(console, store, qtbot, tmp_path):
    out = tmp_path / "backups" / "kiosk-backup.sqlite3"
    console.ctx.save_file = lambda title, suggested, filters: str(out)
    console.show_page("Packs & backup")
    qtbot.mouseClick(console.packs_page.backup_btn, Qt.MouseButton.LeftButton)
    assert out.is_file()
    check = sqlite3.connect(out)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()

    console.open_handout("dry-needling", "en")
    assert console.editor.retire()
    assert store.handouts.get_published("dry-needling", "en") is None

    console.ctx.open_file = lambda title, filters: str(out)
    console.show_page("Packs & backup")
    qtbot.mouseClick(console.packs_page.restore_btn, Qt.MouseButton.LeftButton)
    assert console.ctx.confirm.asked[-1][0] == "Restore"
    assert store.handouts.get_published("dry-needling", "en") is not None
    assert "Restored" in console.packs_page.db_status.text()
    entry = next(e for e in console.library.visible_entries() if e.slug == "dry-needling")
    assert entry.status == "published"  # the library list was refreshed
    assert list(store.path.parent.glob("*.before-restore-*.sqlite3"))  # the replaced database was kept aside
    assert store.audit.entries(kind="restore", actor="Ana Admin")


def test_a_translation_without_its_english_original_is_not_exported(console, store, tmp_path):
    store.handouts.retire("knee-joint-injection", "en", "Ana Admin")
    console.ctx.pick_folder = lambda title: str(tmp_path / "never")
    assert export_pack(console, tmp_path / "never", {"knee-joint-injection", "dry-needling"}) == []
    assert "knee-joint-injection" in console.banner.text()
    assert not (tmp_path / "never").exists()


def test_a_backup_with_a_hostile_trigger_is_refused_in_the_console_naming_it(console, store, qtbot, tmp_path):
    from kiosk.store.backup import backup

    evil = backup(store, tmp_path / "evil.sqlite3", actor="test")
    conn = sqlite3.connect(evil)
    conn.execute("CREATE TRIGGER reset_failed_pins AFTER UPDATE OF failed_attempts ON staff BEGIN "
                 "UPDATE staff SET failed_attempts = 0, locked_until = 0 WHERE id = NEW.id; END")
    conn.commit()
    conn.close()
    console.show_page("Packs & backup")
    console.ctx.open_file = lambda title, filters: str(evil)
    qtbot.mouseClick(console.packs_page.restore_btn, Qt.MouseButton.LeftButton)
    assert "it has an extra trigger reset_failed_pins" in console.packs_page.db_status.text()
    assert console.ctx.confirm.asked == []
    assert store.conn.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'reset_failed_pins'").fetchone()[0] == 0


def test_the_console_says_which_stored_settings_were_bad(qtbot, store, admin):
    from kiosk.ui.admin import AdminConsole

    store.conn.execute("INSERT INTO settings (key, value) VALUES ('idle_seconds', '\"abc\"')")
    widget = AdminConsole(store, admin)
    qtbot.add_widget(widget)
    assert "The stored setting idle_seconds is not a number" in widget.banner.text()
    assert widget.banner.property("level") == "error"
