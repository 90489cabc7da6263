"""The process the kill harness SIGKILLs (tests/hardening/test_kill_harness.py). Not a test module.

    python tests/hardening/crash_child.py DB PACK_A PACK_B SEED ROUND

Writes to the kiosk database through the real store, forever, in random order: imports, publishes, settings
saves, audit entries, staff additions, wrong PINs. Before each operation it prints `begin TOKEN KIND`; after
the operation has committed it prints `ok TOKEN KIND ...`. Every line is flushed at once, so whatever the
parent read before the kill is exactly what the child knew was committed.
"""
from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # tests/, for helpers.handouts
os.environ.setdefault("KIOSK_PIN_ITERATIONS", "1000")

from helpers.handouts import sample_handout  # noqa: E402
from kiosk.services import import_folder  # noqa: E402
from kiosk.store import Store  # noqa: E402
from kiosk.store.staff import StaffError  # noqa: E402

CRASH_SLUGS = ("crash-a", "crash-b", "crash-c")
WEIGHTS = {"publish": 3, "audit": 3, "settings": 2, "import": 1, "staff": 1, "pin": 1}
PIN_ACCOUNT = "Pat"


def say(*parts) -> None:
    # One write per line: print(*parts) writes each part separately, and with PYTHONUNBUFFERED (set on this
    # machine) each part is its own write(2), so a kill could leave half a line in the pipe.
    sys.stdout.write(" ".join(str(p) for p in parts) + "\n")
    sys.stdout.flush()


def settings_number(store: Store) -> int:
    name = store.settings.get().name
    return int(name.removeprefix("Clinic S")) if name.startswith("Clinic S") else 0


def split_publish(store: Store) -> None:
    """A deliberately broken publish for the harness's own test: the version and its audit entry in two
    transactions with a pause between, as a careless refactoring might leave them."""
    from kiosk.store import audit
    from kiosk.store.db import transaction

    def publish(handout, actor, kind="publish", **detail):
        repo = store.handouts
        with transaction(store.conn, store.path):
            number = repo._publish_new(repo._handout_id(handout.slug, handout.language, create=True), handout, actor)
        time.sleep(0.05)
        with transaction(store.conn, store.path):
            audit.append(store.conn, actor, kind, slug=handout.slug, language=handout.language, version=number)
        return number

    store.handouts.publish = publish


def main(db: str, pack_a: str, pack_b: str, seed: str, round_: str) -> None:
    store = Store.open(db)
    if os.environ.get("KIOSK_CRASH_MUTANT") == "split-publish":
        split_publish(store)
    rng = random.Random(int(seed))
    kinds, weights = zip(*WEIGHTS.items())
    settings_n = settings_number(store)
    say("ready")
    op = 0
    while True:
        op += 1
        token = f"r{round_}o{op}"
        kind = rng.choices(kinds, weights)[0]
        say("begin", token, kind)
        if kind == "publish":
            slug = rng.choice(CRASH_SLUGS)
            handout = sample_handout(slug=slug, title=f"Crash {token}", summary=f"Step {token}. It is short.")
            version = store.handouts.publish(handout, "crash")
            say("ok", token, kind, slug, version)
        elif kind == "import":
            pack = rng.choice((pack_a, pack_b))
            plan = import_folder(store, pack, actor="crash")
            say("ok", token, kind, Path(pack).name, len(plan.added) + len(plan.changed))
        elif kind == "settings":
            n = settings_n + 1
            store.settings.update("crash", name=f"Clinic S{n}", address=f"Street S{n}", phone=f"S{n}")
            settings_n = n
            say("ok", token, kind, n)
        elif kind == "audit":
            store.audit.record("crash", "print", token=token)
            say("ok", token, kind)
        elif kind == "staff":
            store.staff.add(f"Staff {token}", "nurse", "482913", actor="crash")
            say("ok", token, kind)
        elif kind == "pin":
            try:
                store.staff.verify(PIN_ACCOUNT, "000001")
            except StaffError:  # WrongPin or LockedOut: raised after the attempt and its audit entry committed
                pass
            say("ok", token, kind)


if __name__ == "__main__":
    main(*sys.argv[1:6])
