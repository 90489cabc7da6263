"""Many devices, one clinic server (issue 18): 20 simulated devices (processes) against one PostgreSQL for
2 minutes, with the server's plug pulled for a few seconds in the middle.

- 13 patient kiosks read the library and search it (from their local caches) every 0.3 to 1.5 s, picking up
  every publish;
- 6 nurse stations sign in (PBKDF2 at the kiosk's real cost) every fifth print and record a print every 0.2 to
  0.8 s (far more often than a clinic: the audit log is what is under test), each tagged with a unique reason;
  during the outage the print entries wait in each device's outbox;
- 1 admin station publishes an edit of one handout again and again (the edit-conflict token each time).

Reported: audit entries lost or duplicated (every tagged print and every sign-in, looked up on the server
afterwards: must be 0), edits lost (every publish the admin was told succeeded is on the server with its text,
and the last one is what every device's cache shows: must be 0), and the 95th percentile of sign-in, publish and
cache refresh (a refresh that copied a change into a device's cache, from the read that found the NOTIFY to the
cache holding it).

    KIOSK_BENCH_SERVER_SECONDS=120   how long the devices run (default 120: the issue's figure)
    KIOSK_BENCH_SERVER_DEVICES=20    how many devices (1 admin, then nurses and patients about 1:2)
    KIOSK_BENCH_SERVER_OUTAGE=5      seconds the server is stopped, starting at the middle (0: no outage)

    python -m benchmarks bench_server
"""
from __future__ import annotations

import json
import multiprocessing as mp
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADMIN_PIN = "482913"
NURSE_PIN = "735146"
SLUG = "knee-joint-injection"
QUERIES = ["knee", "back shot", "facit", "nerve block", "inyeccion", "epidural", "hip", "neck", "si joint", "dry"]


def _p95(values: list[float]) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _tally(results: list[dict]) -> dict[str, int]:
    """Kept prints by reason, over all devices."""
    out: dict[str, int] = {}
    for r in results:
        for why, n in r.get("kept_why", {}).items():
            out[why] = out.get(why, 0) + n
    return out


def _device(role: str, index: int, url: str, folder: str, deadline: float, out: str) -> None:
    """One device's life: open the server with its own cache, work until DEADLINE, give back what it kept."""
    os.environ["KIOSK_DEVICE_NAME"] = f"{role}-{index}"
    os.environ["KIOSK_CACHE_DIR"] = folder
    from kiosk.app import EditConflict, as_app
    from kiosk.app.errors import ServerDownError, StoreError
    from kiosk.printing.record import SheetInfo, record_saved
    from kiosk.services import open_server_store

    rng = random.Random(index)
    store = open_server_store(url, cache=Path(folder) / f"{role}-{index}.sqlite3", seed=False)
    store.retry_seconds = 1.0
    app = as_app(store)
    result = {"role": role, "device": f"{role}-{index}", "sign_in_ms": [], "publish_ms": [], "refresh_ms": [],
              "prints": [], "sign_ins": 0, "refused_down": 0, "publishes": [], "reads": 0, "conflicts": 0,
              "other_refusals": []}
    member = None
    seq = 0
    while time.time() < deadline:
        try:
            if role == "patient":
                before = store.refreshes
                t = time.perf_counter()
                store.cached()
                if store.refreshes != before:
                    result["refresh_ms"].append((time.perf_counter() - t) * 1000)
                lang = rng.choice(["en", "es"])
                store.handouts.published(lang)
                store.search.search(rng.choice(QUERIES), lang)
                store.handouts.get_published(SLUG, "en")
                result["reads"] += 1
                time.sleep(rng.uniform(0.3, 1.5))  # a patient taps, reads, taps again
            elif role == "nurse":
                if member is None or seq % 5 == 0:
                    t = time.perf_counter()
                    try:
                        member = app.staff.sign_in(f"Nurse {index}", NURSE_PIN)
                    except ServerDownError:
                        if member is None:
                            raise
                        result["refused_down"] += 1  # still signed in on the screen: the prints go on
                    else:
                        result["sign_in_ms"].append((time.perf_counter() - t) * 1000)
                        result["sign_ins"] += 1
                seq += 1
                tag = f"{role}-{index}-{seq}"
                knee = store.handouts.get_published(SLUG, "en")
                said = record_saved(store, member.name, SheetInfo(SLUG, knee.version, "en", knee.handout.title),
                                    outcome="printed", reason=tag)
                result["prints"].append([tag, bool(said)])
                if said:
                    result.setdefault("kept_why", {}).setdefault(said[:110], 0)
                    result["kept_why"][said[:110]] += 1
                time.sleep(rng.uniform(0.2, 0.8))
            else:
                admin = member or app.staff.sign_in("Ana Admin", ADMIN_PIN)
                member = admin
                seq += 1
                current = store.handouts.get_published(SLUG, "en")
                latest = store.handouts.latest(SLUG, "en")
                title = f"Knee joint injection (rev {seq})"
                t = time.perf_counter()
                try:
                    version = app.handouts.publish(admin, current.handout.with_changes(title=title),
                                                   expected=(latest.version, latest.created_at))
                except EditConflict:
                    result["conflicts"] += 1
                    continue
                result["publish_ms"].append((time.perf_counter() - t) * 1000)
                result["publishes"].append([version.version, title])
                time.sleep(rng.uniform(1.0, 2.0))
        except ServerDownError:
            result["refused_down"] += 1  # the server is down: one sentence on the screen; try again shortly
            time.sleep(0.5)
        except StoreError as exc:
            result["other_refusals"].append(str(exc)[:120])
            time.sleep(0.5)
    # the day ends: what the outbox kept goes back (bounded wait), and the cache shows the last publish
    end = time.time() + 60
    while store.audit.outbox.has_entries() and time.time() < end:
        store.poll()
        store.flush_kept()
        time.sleep(0.2)
    result["outbox_left"] = store.audit.outbox.has_entries()
    end = time.time() + 30
    while time.time() < end:
        store.cached()
        result["final_title"] = store.handouts.get_published(SLUG, "en").handout.title
        if os.path.exists(out + ".last") and Path(out + ".last").read_text() == result["final_title"]:
            break
        time.sleep(0.2)
    result["connections"] = store.conn.connections
    store.close()
    Path(out).write_text(json.dumps(result))


def run() -> dict:
    sys.path.insert(0, str(ROOT / "tests"))
    from helpers.pg_server import PgServer

    seconds = float(os.environ.get("KIOSK_BENCH_SERVER_SECONDS", "120"))
    devices = int(os.environ.get("KIOSK_BENCH_SERVER_DEVICES", "20"))
    outage = float(os.environ.get("KIOSK_BENCH_SERVER_OUTAGE", "5"))
    nurses = max(1, (devices - 1) // 3)
    patients = devices - 1 - nurses
    server = PgServer.start()
    folder = tempfile.mkdtemp(prefix="kiosk-bench-server-")
    try:
        server.sql("ALTER SYSTEM SET fsync = on")  # durability as a clinic would run it
        server.stop()
        server.start_again()
        url = server.new_database()
        os.environ["KIOSK_CACHE_DIR"] = folder
        from kiosk.app import as_app
        from kiosk.services import open_server_store

        setup = open_server_store(url, cache=Path(folder) / "setup.sqlite3")
        app = as_app(setup)
        app.staff.create_first_admin("Ana Admin", ADMIN_PIN)
        admin = app.staff.sign_in("Ana Admin", ADMIN_PIN)
        for i in range(1, nurses + 1):  # device index: the admin is 0, the nurses come next
            app.staff.add(admin, f"Nurse {i}", "nurse", NURSE_PIN)
        setup.close()

        ctx = mp.get_context("spawn")
        roles = ["admin"] + ["nurse"] * nurses + ["patient"] * patients
        start = time.time() + 8  # every process imported and connected before the clock starts
        deadline = start + seconds
        outs = [str(Path(folder) / f"result-{i}.json") for i in range(len(roles))]
        procs = [ctx.Process(target=_device, args=(role, i, url, folder, deadline, outs[i]))
                 for i, role in enumerate(roles)]
        for p in procs:
            p.start()
        if outage > 0:
            time.sleep(max(0.0, start + seconds / 2 - time.time()))
            server.stop()
            time.sleep(outage)
            server.start_again()
        admin_out = outs[0]
        while procs[0].is_alive():
            procs[0].join(1)
        admin_result = json.loads(Path(admin_out).read_text())
        last_title = admin_result["publishes"][-1][1] if admin_result["publishes"] else ""
        for out in outs:
            Path(out + ".last").write_text(last_title)
        for p in procs:
            p.join(180)
        results = [json.loads(Path(o).read_text()) for o in outs if Path(o).exists()]

        import psycopg

        with psycopg.connect(url) as pg:
            audit = pg.execute("SELECT kind, actor, device, detail FROM audit_log").fetchall()
            versions = {(v, t) for v, t in pg.execute(
                "SELECT v.version, v.title FROM handout_versions v JOIN handouts h ON h.id = v.handout_id "
                "WHERE h.slug = %s AND h.language = 'en' AND v.state = 'published'", (SLUG,)).fetchall()}
        seen: dict[str, int] = {}
        sign_ins: dict[str, int] = {}
        for kind, _actor, device, detail in audit:
            if kind == "print":
                tag = json.loads(detail).get("reason", "")
                seen[tag] = seen.get(tag, 0) + 1
            elif kind == "sign_in":
                sign_ins[device] = sign_ins.get(device, 0) + 1
        tags = [t for r in results for t, _kept in r["prints"]]
        lost_prints = sum(1 for t in tags if seen.get(t, 0) == 0)
        duplicated = sum(1 for t in tags if seen.get(t, 0) > 1)
        kept = sum(1 for r in results for _t, k in r["prints"] if k)
        lost_sign_ins = sum(max(0, r["sign_ins"] - sign_ins.get(r["device"], 0)) for r in results
                            if r["role"] == "nurse")
        publishes = [tuple(p) for p in admin_result["publishes"]]
        lost_edits = sum(1 for p in publishes if p not in versions)
        stale = sum(1 for r in results if r.get("final_title") != last_title)
        missing = len(roles) - len(results)
        sign_in_ms = [x for r in results for x in r["sign_in_ms"]]
        refresh_ms = [x for r in results for x in r["refresh_ms"]]
        return {
            "devices (admin / nurses / patients)": f"{len(roles)} ({1} / {nurses} / {patients})",
            "run length / outage": {"value": f"{seconds:.0f} / {outage:.0f}", "unit": "s"},
            "audit entries lost (prints + sign-ins)": {"value": lost_prints + lost_sign_ins, "target": "0",
                                                       "ok": lost_prints + lost_sign_ins == 0},
            "audit entries duplicated": {"value": duplicated, "target": "0", "ok": duplicated == 0},
            "edits lost (publishes not on the server)": {"value": lost_edits, "target": "0", "ok": lost_edits == 0},
            "devices whose cache missed the last publish": {"value": stale + missing, "target": "0",
                                                            "ok": stale + missing == 0},
            "prints recorded / kept in an outbox first": f"{len(tags)} / {kept}",
            "sign-ins / publishes / patient reads": f"{sum(r['sign_ins'] for r in results)} / {len(publishes)} / "
                                                   f"{sum(r['reads'] for r in results)}",
            "why prints were kept": "; ".join(f"{n}x {w}" for w, n in sorted(_tally(results).items())) or "-",
            "server connections opened (all devices)": sum(r.get("connections", 0) for r in results),
            "actions refused while the server was down": sum(r["refused_down"] for r in results),
            "other refusals (not the outage)": {"value": sum(len(r["other_refusals"]) for r in results),
                                                "target": "0", "ok": not any(r["other_refusals"] for r in results)},
            "edit conflicts (one admin: expected 0)": sum(r["conflicts"] for r in results),
            "sign-in p95 (PBKDF2 included)": {"value": _p95(sign_in_ms), "unit": "ms"},
            "publish p95": {"value": _p95(admin_result["publish_ms"]), "unit": "ms"},
            "cache refresh p95": {"value": _p95(refresh_ms), "unit": "ms"},
            "outboxes not emptied at the end": {"value": sum(1 for r in results if r["outbox_left"]), "target": "0",
                                                "ok": not any(r["outbox_left"] for r in results)},
        }
    finally:
        server.close()
        import shutil

        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key}: {value}")
