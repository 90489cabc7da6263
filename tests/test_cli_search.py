"""`kiosk search QUERY [--lang LANG]`: what the patient search lists, ranked with scores, for admins checking
their keywords. Real subprocesses on real database files; no --as (it reads published handouts only)."""
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def kiosk(*args, db: Path):
    env = {**os.environ, "KIOSK_DB": str(db)}
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)


def rows(stdout: str) -> list[list[str]]:
    return [line.split(maxsplit=3) for line in stdout.splitlines()]


def audit_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM audit_log").fetchone()[0]


def test_search_prints_place_score_slug_and_title_best_first(tmp_path):
    db = tmp_path / "k.sqlite3"
    r = kiosk("search", "neck shot", db=db)
    assert r.returncode == 0, r.stderr
    listed = rows(r.stdout)
    assert listed[0][0] == "1" and listed[0][2] == "cervical-epidural-steroid-injection"
    assert listed[0][3] == "Cervical epidural steroid injection"
    scores = [float(row[1]) for row in listed]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]
    assert "knee-joint-injection" not in r.stdout  # a region word narrows
    assert len(rows(kiosk("search", "neck shot", "--limit", "2", db=db).stdout)) == 2


def test_search_lists_in_the_asked_language(tmp_path):
    r = kiosk("search", "rodilla", "--lang", "es", db=tmp_path / "k.sqlite3")
    assert r.returncode == 0, r.stderr
    first = rows(r.stdout)[0]
    assert first[2] == "knee-joint-injection" and first[3] == "Inyección en la rodilla"
    assert "greater-trochanteric-bursa-injection" not in r.stdout


def test_search_needs_no_pin_changes_nothing_and_skips_drafts(tmp_path):
    from kiosk.services import open_store

    db = tmp_path / "k.sqlite3"
    store = open_store(db)
    knee = store.handouts.get_published("knee-joint-injection", "en").handout
    store.handouts.save_draft(knee.with_changes(keywords=(*knee.keywords, "zebraword")), "tester")
    store.close()
    before, size = audit_count(db), db.stat().st_size
    r = kiosk("search", "zebraword", db=db)  # only in an unpublished draft
    assert r.returncode == 1 and r.stdout == ""
    assert r.stderr.strip() == "kiosk: no published handout matches 'zebraword' (en)."
    assert kiosk("search", "knee", db=db).returncode == 0
    assert audit_count(db) == before and db.stat().st_size == size


def test_search_mistakes_are_one_sentence(tmp_path):
    db = tmp_path / "k.sqlite3"
    for args in (("search", "knee", "--lang", "fr"), ("search", "knee", "--limit", "0"), ("search",)):
        r = kiosk(*args, db=db)
        assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.strip(), args
