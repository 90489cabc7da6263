"""Every door goes through the application core: who may, what may, against which version, and the audit entry
are decided in kiosk.app, and each rule below is driven through the doors a person can use: the app's services
(the screens call exactly these), `kiosk import` and the other CLI commands, pack apply, the first start's seed."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers.handouts import sample_handout

from kiosk import resources
from kiosk.app import App, ContentRefused, EditConflict, NotAllowed, as_app, revision
from kiosk.core.sections import blocks
from kiosk.services import ContentError, import_folder

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PIN, NURSE_PIN = "482913", "735146"

# One bad line of each kind that must never reach a patient, and the words the refusal names.
BAD_TEXT = {
    "placeholder": ("Lorem ipsum dolor sit amet.", "placeholder text"),
    "phone": ("Call 555-010-7777 to book.", "phone number"),
    "other clinic": ("Westcare Clinics can help you.", "names another clinic"),
}


@pytest.fixture
def app(store):
    core = as_app(store)
    core.staff.create_first_admin("Ana Admin", ADMIN_PIN)
    core.staff.add(core.staff.sign_in("Ana Admin", ADMIN_PIN), "Nora Nurse", "nurse", NURSE_PIN)
    return core


@pytest.fixture
def admin(app):
    return app.staff.sign_in("Ana Admin", ADMIN_PIN)


@pytest.fixture
def nurse(app):
    return app.staff.sign_in("Nora Nurse", NURSE_PIN)


def pack_with(tmp_path: Path, text: str) -> Path:
    """A copy of the bundled knee handout whose summary holds TEXT."""
    pack = tmp_path / "pack"
    pack.mkdir()
    src = resources.handouts_dir() / "knee-joint-injection.en.toml"
    lines = src.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.startswith('summary = """'))
    lines[at + 1] = text  # the summary's first line; problems are reported at the key's line
    (pack / src.name).write_text("\n".join(lines), encoding="utf-8")
    return pack, at + 1


# ---- who may ----------------------------------------------------------------------------------------------
def test_a_nurse_is_refused_every_admin_action_and_each_refusal_is_audited(app, nurse, tmp_path):
    h = app.handouts.get_published("knee-joint-injection", "en").handout
    attempts = [
        lambda: app.handouts.publish(nurse, h),
        lambda: app.handouts.save_draft(nurse, h),
        lambda: app.handouts.retire(nurse, "knee-joint-injection", "en"),
        lambda: app.handouts.revert(nurse, "knee-joint-injection", "en", 1),
        lambda: app.content.plan_import(nurse, resources.handouts_dir()),
        lambda: app.content.apply_import(nurse, resources.handouts_dir()),
        lambda: app.content.export(nurse, tmp_path / "out"),
        lambda: app.backups.backup(nurse, tmp_path / "b.sqlite3"),
        lambda: app.backups.restore(nurse, tmp_path / "b.sqlite3"),
        lambda: app.settings.save(nurse, app.settings.get()),
        lambda: app.staff.add(nurse, "Mallory", "admin", "591826"),
        lambda: app.staff.members(nurse),
        lambda: app.staff.set_disabled(nurse, "Ana Admin", True),
        lambda: app.audit.entries(nurse),
        lambda: app.audit.export_csv(nurse, tmp_path / "a.csv"),
    ]
    for attempt in attempts:
        with pytest.raises(NotAllowed, match="Only an admin may"):
            attempt()
    denied = app._store.audit.entries(kind="access_denied", actor="Nora Nurse")
    assert len(denied) == len(attempts)
    assert not (tmp_path / "out").exists() and not (tmp_path / "b.sqlite3").exists()
    assert app._store.staff.get("Mallory") is None


def test_an_admin_disabled_on_another_device_is_refused_at_the_next_action(app, admin, db_path):
    other = App.open(db_path)
    other.staff.add(other.staff.sign_in("Ana Admin", ADMIN_PIN), "Bo Admin", "admin", "591826")
    bo = other.staff.sign_in("Bo Admin", "591826")
    other.staff.set_disabled(bo, "Ana Admin", True)
    h = app.handouts.get_published("dry-needling", "en").handout
    with pytest.raises(NotAllowed):
        app.handouts.publish(admin, h.with_changes(summary=h.summary + " Rest today."))
    assert app.handouts.get_published("dry-needling", "en").handout.summary == h.summary
    other.close()


def test_a_forged_member_object_gets_nothing(app):
    from kiosk.core.model import StaffMember

    forged = StaffMember(name="Nora Nurse", role="admin", disabled=False, failed_attempts=0, locked_until=0.0, id=2)
    with pytest.raises(NotAllowed):
        app.staff.add(forged, "Mallory", "admin", "591826")


# ---- what may: the content checks at every door that publishes ---------------------------------------------
@pytest.mark.parametrize("kind", sorted(BAD_TEXT))
def test_content_that_kiosk_check_refuses_is_refused_at_every_door(app, admin, tmp_path, kind, db_path):
    text, words = BAD_TEXT[kind]
    pack, line = pack_with(tmp_path, text)
    before = app.handouts.get_published("knee-joint-injection", "en").version
    expected = f"{pack / 'knee-joint-injection.en.toml'}:{line}: summary:"

    # the admin's Content packs: Check, then Apply
    for door in (app.content.plan_import, app.content.apply_import):
        with pytest.raises(ContentRefused) as info:
            door(admin, pack)
        assert any(str(p).startswith(expected) and words in str(p) for p in info.value.problems), info.value.problems
    # tools and tests: the same function underneath
    with pytest.raises(ContentError):
        import_folder(app._store, pack, actor="tool")
    # the editor's Publish
    h = app.handouts.get_published("knee-joint-injection", "en").handout
    with pytest.raises(ContentRefused) as info:
        app.handouts.publish(admin, h.with_changes(summary=text))
    assert any(words in p for p in info.value.problems)
    # `kiosk import`
    env = {**os.environ, "KIOSK_DB": str(db_path), "KIOSK_PIN_ITERATIONS": "2000"}
    r = subprocess.run([sys.executable, "main.py", "import", str(pack), "--as", "Ana Admin"], cwd=ROOT, env=env,
                       input=f"{ADMIN_PIN}\n", capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and expected in r.stderr and "Traceback" not in r.stderr
    assert app.handouts.get_published("knee-joint-injection", "en").version == before
    assert app._store.audit.entries(kind="import")[0].detail["result"] == "refused"


def test_warnings_do_not_refuse_an_import_but_are_listed_in_the_plan(app, admin, tmp_path):
    long = ("This sentence goes on and on and on with many, many more words than any patient in pain should ever "
            "need to read in one single go at the kiosk.")
    pack, line = pack_with(tmp_path, long)
    plan = app.content.plan_import(admin, pack)
    assert plan.changed == [("knee-joint-injection", "en")]
    assert any(f":{line}: summary: a sentence of" in w for w in plan.warnings)
    applied = app.content.apply_import(admin, pack)
    assert applied.warnings == plan.warnings


# ---- drafts are never dropped by an import -------------------------------------------------------------------
def test_an_import_names_an_open_draft_in_the_plan_and_keeps_it(app, admin, tmp_path):
    slug = "knee-joint-injection"
    live = app.handouts.get_published(slug, "en")
    draft_text = live.handout.summary + " We also check your knee the next week."
    app.handouts.save_draft(admin, live.handout.with_changes(summary=draft_text), revision(live))
    pack, _ = pack_with(tmp_path, "A shot in the knee can ease pain and swelling for a while.")

    plan = app.content.plan_import(admin, pack)
    assert [(d.slug, d.language, d.by) for d in plan.drafts] == [(slug, "en", "Ana Admin")]
    assert "draft" in str(plan.drafts[0])
    app.content.apply_import(admin, pack)

    versions = app.handouts.versions(slug, "en")
    assert versions[-1].state == "draft" and versions[-1].handout.summary == draft_text
    assert app.handouts.get_published(slug, "en").handout.summary.startswith("A shot in the knee")
    entry = app._store.audit.entries(kind="import")[0]
    assert slug in entry.detail["drafts_kept"]


# ---- against what: edits carry the version they started from -------------------------------------------------
def test_two_admins_on_two_devices_cannot_overwrite_each_others_publish(app, admin, db_path):
    slug = "knee-joint-injection"
    b_app = App.open(db_path)
    b = b_app.staff.sign_in("Ana Admin", ADMIN_PIN)
    b_app.staff.add(b, "Bo Admin", "admin", "591826")
    bo = b_app.staff.sign_in("Bo Admin", "591826")
    a_loaded = app.handouts.latest(slug, "en")
    b_loaded = b_app.handouts.latest(slug, "en")
    fixed = b_loaded.handout.with_changes(summary=b_loaded.handout.summary + " Ice helps too.")
    b_app.handouts.publish(bo, fixed, revision(b_loaded))

    stale = a_loaded.handout.with_changes(title=a_loaded.handout.title + " (left)")
    with pytest.raises(EditConflict) as info:
        app.handouts.publish(admin, stale, revision(a_loaded))
    assert "Bo Admin" in str(info.value) and "Reload" in str(info.value)
    assert app.handouts.get_published(slug, "en").handout.summary == fixed.summary  # the fix is still live
    with pytest.raises(EditConflict):
        app.handouts.save_draft(admin, stale, revision(a_loaded))
    # reloading gives the new revision, and then the edit goes through
    fresh = app.handouts.latest(slug, "en")
    app.handouts.publish(admin, fresh.handout.with_changes(title=fresh.handout.title + " (left)"), revision(fresh))
    b_app.close()


def test_draft_saves_from_two_devices_do_not_overwrite_each_other(app, admin, db_path):
    slug = "dry-needling"
    b_app = App.open(db_path)
    b = b_app.staff.sign_in("Ana Admin", ADMIN_PIN)
    start_a, start_b = app.handouts.latest(slug, "en"), b_app.handouts.latest(slug, "en")
    saved = app.handouts.save_draft(admin, start_a.handout.with_changes(summary="Text from device A."),
                                    revision(start_a))
    with pytest.raises(EditConflict):
        b_app.handouts.save_draft(b, start_b.handout.with_changes(summary="Text from device B."), revision(start_b))
    assert app.handouts.latest(slug, "en").handout.summary == "Text from device A."
    # an idle sign-out cannot ask: it keeps B's typing as a new draft on top, and A's draft stays in history
    kept = b_app.handouts.save_draft(b, start_b.handout.with_changes(summary="Text from device B."),
                                     revision(start_b), keep_on_conflict=True, reason="idle")
    summaries = [v.handout.summary for v in app.handouts.versions(slug, "en") if v.state == "draft"]
    assert summaries == ["Text from device A.", "Text from device B."]
    assert kept.version == saved.version + 1
    b_app.close()


# ---- the CLI: every command that changes the database or reads staff or the audit log names who acts ------------
def kiosk(db: Path, *args, stdin: str = ""):
    env = {**os.environ, "KIOSK_DB": str(db), "KIOSK_PIN_ITERATIONS": "2000"}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, env=env, input=stdin, capture_output=True,
                          text=True, timeout=120)


GATED = [
    ("import", "handouts"), ("export", "{tmp}/out"), ("backup", "{tmp}/b.sqlite3"), ("restore", "{tmp}/b.sqlite3"),
    ("staff", "list"), ("staff", "disable", "Nora Nurse"), ("staff", "enable", "Nora Nurse"),
    ("staff", "add", "Mallory", "--role", "admin"), ("audit", "export", "{tmp}/a.csv"),
]


@pytest.mark.sqlite_only  # the database file itself
def test_every_gated_cli_command_needs_a_signed_in_admin(app, db_path, tmp_path):
    app.close()
    shutil.copy(db_path, tmp_path / "b.sqlite3")
    for words in GATED:
        words = [w.format(tmp=tmp_path) for w in words]
        r = kiosk(db_path, *words)
        assert r.returncode == 2 and "--as NAME" in r.stderr and "Traceback" not in r.stderr, (words, r.stderr)
        r = kiosk(db_path, *words, "--as", "Nora Nurse", stdin=f"{NURSE_PIN}\n")
        assert r.returncode == 2 and "Only an admin may" in r.stderr, (words, r.stderr)
        r = kiosk(db_path, *words, "--as", "Ana Admin", stdin="999999\n")
        assert r.returncode == 2 and "Traceback" not in r.stderr, (words, r.stderr)
    with App.open(db_path) as again:
        log = again._store.audit
        assert len(log.entries(kind="access_denied", actor="Nora Nurse")) == len(GATED)
        assert len(log.entries(kind="pin_failed", actor="Ana Admin")) >= 5  # wrong PINs count towards the lockout
        assert again._store.staff.get("Mallory") is None
    assert not (tmp_path / "out").exists() and not (tmp_path / "a.csv").exists()


@pytest.mark.sqlite_only  # the database file itself
def test_the_attack_from_the_review_no_longer_works(app, db_path, tmp_path):
    """`kiosk --db other staff add X --role admin` then `kiosk restore other` made X the only admin."""
    app.close()
    evil = tmp_path / "evil.sqlite3"
    assert kiosk(evil, "staff", "add", "Mallory", "--role", "admin", stdin="591826\n").returncode == 0
    r = kiosk(db_path, "restore", str(evil), stdin="591826\n")
    assert r.returncode == 2 and "--as NAME" in r.stderr
    r = kiosk(db_path, "restore", str(evil), "--as", "Mallory", stdin="591826\n")
    assert r.returncode == 2 and "not active" in r.stderr
    with App.open(db_path) as again:
        assert again._store.staff.get("Mallory") is None and again._store.staff.get("Ana Admin") is not None


@pytest.mark.sqlite_only  # the database file itself
def test_a_lost_sole_admin_pin_is_recovered_by_the_file_owner_and_audited(app, db_path):
    app.close()
    r = kiosk(db_path, "staff", "recover", "Ana Admin", stdin="624197\n")
    assert r.returncode == 0, r.stderr
    r = kiosk(db_path, "staff", "list", "--as", "Ana Admin", stdin="624197\n")
    assert r.returncode == 0 and "Ana Admin\tadmin\tactive" in r.stdout
    with App.open(db_path) as again:
        entry = again._store.audit.entries(kind="staff")[0]
        assert entry.detail == {"action": "recover", "name": "Ana Admin"} and entry.actor.startswith("os-user ")


@pytest.mark.skipif(os.geteuid() != 0 or shutil.which("setpriv") is None, reason="needs root and setpriv to "
                    "run as a user who cannot write the database")
@pytest.mark.sqlite_only  # the database file itself
def test_recover_is_refused_to_a_user_who_cannot_write_the_database(app, db_path):
    app.close()
    os.chmod(db_path.parent, 0o755)
    env = {**os.environ, "KIOSK_DB": str(db_path), "KIOSK_PIN_ITERATIONS": "2000", "HOME": "/tmp"}
    r = subprocess.run(["setpriv", "--reuid", "4242", "--regid", "4242", "--clear-groups", sys.executable, "main.py",
                        "staff", "recover", "Ana Admin"], cwd=ROOT, env=env, input="624197\n", capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr, r.stderr
    with App.open(db_path) as again:
        assert again.staff.sign_in("Ana Admin", ADMIN_PIN).name == "Ana Admin"  # the old PIN still works


# ---- one section parser ---------------------------------------------------------------------------------------
def test_the_review_case_reads_the_same_on_screen_and_on_paper():
    from kiosk.sheet.text import content_blocks
    from kiosk.ui.patient.content import blocks as screen_blocks

    text = "- you have a fever\nor chills\n-\nDone."
    assert [(b.kind, b.text) for b in screen_blocks(text)] == [("item", "you have a fever or chills"),
                                                                ("para", "Done.")]
    assert content_blocks(text) == [("li", "you have a fever or chills"), ("p", "Done.")]
    assert blocks(text) == screen_blocks(text)


@pytest.mark.sqlite_only  # the database file itself
def test_a_sign_out_the_database_refuses_waits_in_the_outbox_and_is_written_once(app, nurse, db_path, monkeypatch):
    import sqlite3

    import kiosk.store.db as db

    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)
    app._store.conn.execute(f"PRAGMA busy_timeout = {db.BUSY_TIMEOUT_MS}")
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another kiosk holds the write lock
    try:
        note = app.staff.sign_out(nurse, "idle")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "kept" in note and "busy" in note
    assert [e for e in app._store.audit.entries(kind="sign_out")] == []
    app._store.audit.record("Ana Admin", "export", what="test")  # the next write that succeeds carries it
    app._store.audit.record("Ana Admin", "export", what="test")
    outs = app._store.audit.entries(kind="sign_out")
    assert [(e.actor, e.detail["reason"]) for e in outs] == [("Nora Nurse", "idle")]


def test_an_admin_cannot_disable_their_own_account_at_any_door(app, admin, db_path):
    from kiosk.app import StaffError

    other = app.staff.add(admin, "Bo Admin", "admin", "591826")  # not the last admin: only the self rule applies
    assert other.role == "admin"
    with pytest.raises(StaffError, match="your own account"):
        app.staff.set_disabled(admin, "Ana Admin", True)
    app.close()
    r = kiosk(db_path, "staff", "disable", "Ana Admin", "--as", "Ana Admin", stdin=f"{ADMIN_PIN}\n")
    assert r.returncode == 2 and "your own account" in r.stderr
    with App.open(db_path) as again:
        assert not again._store.staff.get("Ana Admin").disabled
