"""The shared clinic store: one PostgreSQL database for every kiosk and nurse station of a site, with a local read
cache on each device. No Qt. Chosen by `KIOSK_DB=postgresql://…` (or `database = "postgresql://…"` in the
configuration file); SQLite stays the default. docs/multi-kiosk.md is the clinic's side of it.

    store = PgStore.open("postgresql://kiosk@clinic-db/kiosk", cache="/var/lib/kiosk/server-cache.sqlite3")
    store.handouts.published("en")     # from the local cache: works while the server is down
    store.search.search("knee")        # the same search as a single kiosk, over the cache
    store.staff.verify(name, pin)      # the server: one staff list for the site
    store.audit.record_or_keep(...)    # the server, or the local outbox while it is down

The same repositories as SQLite's Store run over kiosk.store.pg_conn.PgConnection, so every rule (versions,
conflicts, lockouts, the last admin, settings ranges, audit entries naming their device) is the same code.

**The cache** is a kiosk SQLite file (kiosk.store.Store) holding only published versions and the settings. It is
refreshed at open and whenever the server sends NOTIFY kiosk_changes (a publish, retire, staff or settings change
on any device), checked at most every POLL_SECONDS on the next read, and at once after this device writes. A
refresh copies only published versions the cache lacks (they never change afterwards) and the handouts' status,
so it costs one small query when nothing changed. While the server is down, reads come from the cache and the
settings last seen; writes raise ServerDownError (one sentence, nothing half-written: a transaction that lost
its server is never committed); print audit entries go to the outbox beside the cache file (kiosk.store.outbox:
no patient data) and reach the server exactly once (their outbox_id) with the next write or reconnection.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from kiosk.store.audit import AuditLog
from kiosk.store.codec import from_json
from kiosk.store.db import StoreError, transaction
from kiosk.store.handouts import HandoutRepo
from kiosk.store.pg_conn import CONNECT_TIMEOUT, TCP_OPTIONS, PgConnection, ServerDownError, describe_server
from kiosk.store.search import HandoutSearch
from kiosk.store.settings import SettingsRepo
from kiosk.store.staff import StaffRepo

POLL_SECONDS = 1.0  # how often a read looks for NOTIFY messages (no network cost when none arrived)
RETRY_SECONDS = 5.0  # while the server is down, how often a read tries to reach it again


def default_cache_path(url: str) -> Path:
    """Where this device keeps its cache of URL's library: KIOSK_CACHE_DIR, else the kiosk's user data folder;
    one file per server database (a hash of the address without its password)."""
    import hashlib

    from psycopg.conninfo import conninfo_to_dict

    parts = conninfo_to_dict(url)
    key = f"{parts.get('host', '')}:{parts.get('port', '')}/{parts.get('dbname', '')}"
    folder = os.environ.get("KIOSK_CACHE_DIR")
    if folder:
        base = Path(folder).expanduser()
    else:
        from platformdirs import user_data_path

        base = user_data_path("patient-handout-kiosk", appauthor=False)
    return base / f"server-cache-{hashlib.sha256(key.encode()).hexdigest()[:12]}.sqlite3"


class _CachedHandouts(HandoutRepo):
    """The server's handouts, with what patients read served from the device's cache."""

    def published(self, language: str | None = None):
        return self._store.cached().handouts.published(language)

    def published_cards(self):
        return self._store.cached().handouts.published_cards()

    def get_published(self, slug: str, language: str):
        return self._store.cached().handouts.get_published(slug, language)


class _CachedSettings(SettingsRepo):
    """The server's settings; while it is down, the ones last copied into the cache."""

    def get(self):
        if self._store.offline_reason:  # known down: no connection attempt on a patient screen's read
            return self._store.cached().settings.get()
        try:
            return super().get()
        except ServerDownError:
            return self._store.cached().settings.get()


class _CachedSearch(HandoutSearch):
    """Search over the cache, refreshed from the server first when it announced a change."""

    def __init__(self, pg_store):
        super().__init__(pg_store.cache)
        self._pg_store = pg_store

    def _refresh(self) -> None:
        self._pg_store.cached()
        super()._refresh()


class PgStore:
    """The same attributes as kiosk.store.Store (conn, path, handouts, settings, staff, audit, search, stamp,
    bump, close), over a clinic server. `path` is the local cache file: the outbox, the print journal and kept
    sheet copies live beside it, on the device."""

    def __init__(self, url: str, cache_path: str | os.PathLike):
        from kiosk.store import Store

        self.url = url
        self.where = describe_server(url)
        self.path = Path(cache_path)
        self.cache = Store.open(self.path)
        self.read_only_reason: str | None = None
        self.offline_reason: str | None = None  # set while the server cannot be reached: one sentence
        self._local_changes = 0
        self._seen = 0  # NOTIFY messages received
        self._dirty = True
        self._listener = None
        self._last_poll = 0.0
        self._last_try = 0.0
        self._reachable = False  # set by the background probe when a down server answers again
        self._prober = None
        self.retry_seconds = RETRY_SECONDS
        self.poll_seconds = POLL_SECONDS
        self.refreshes = 0  # cache refreshes that copied something (tests and the benchmark read it)
        self.conn = PgConnection(url, on_connect=self._connected)
        self.handouts = _CachedHandouts(self)
        self.settings = _CachedSettings(self)
        self.staff = StaffRepo(self)
        self.audit = AuditLog(self)
        self.search = _CachedSearch(self)

    # ---- opening ------------------------------------------------------------------------------------------
    @classmethod
    def open(cls, url: str, cache: str | os.PathLike | None = None) -> "PgStore":
        """Connect, migrate and check the server's schema, and refresh the cache. When the server cannot be
        reached but the cache holds a library, open offline (offline_reason says so); otherwise raise the
        server's one-sentence StoreError (ServerDownError, ServerAuthError, NewerSchemaError, CorruptError)."""
        store = cls(url, cache if cache is not None else default_cache_path(url))
        try:
            store.conn.ensure()
        except ServerDownError as exc:
            if store.cache.handouts.count() == 0:
                store.cache.close()
                raise
            store.offline_reason = str(exc)
            store._last_try = time.monotonic()
            return store
        except BaseException:
            store.cache.close()
            raise
        store.refresh_cache()
        store.flush_kept()
        return store

    def _connected(self, conn: PgConnection) -> None:
        """After every (re)connection: migrate, check the schema, listen, give back kept audit entries."""
        from kiosk.store import schema as sqlite_schema
        from kiosk.store.db import CannotOpenError, CorruptError
        from kiosk.store.pg_migrations import differences, migrate

        import psycopg

        pg = conn.ensure()
        try:
            migrate(pg, self.where)
            diffs = differences(pg)
        except psycopg.Error as exc:
            why = getattr(getattr(exc, "diag", None), "message_primary", None) or type(exc).__name__
            raise CannotOpenError(f"The clinic server's database could not be prepared for the kiosk ({why}); ask "
                                  f"IT to let the kiosk's login own it ({self.where}).") from None
        if diffs:
            raise CorruptError(sqlite_schema.describe(diffs, "The clinic server's", f"ask IT to repair it "
                                                      f"({self.where})"))
        self.offline_reason = None
        self._dirty = True
        self._listen()
        # the outbox is given back by the caller (flush_kept), never from here: this runs inside whatever
        # statement reconnected, which may hold the outbox's lock already (AuditLog.record)

    def flush_kept(self) -> int:
        """Give the audit entries kept while the server was down back to it (each exactly once: its outbox_id).
        Returns how many; 0 when none, or when the server refused again (they stay kept). Never raises."""
        try:
            return self.audit.flush_outbox()
        except StoreError:
            return 0

    def _listen(self) -> None:
        import psycopg

        from kiosk.store.pg_migrations import CHANNEL

        self._close_listener()
        try:
            self._listener = psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT,
                                             application_name="kiosk-listen", **TCP_OPTIONS)
            self._listener.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            self._close_listener()

    def _close_listener(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            except Exception:  # noqa: BLE001
                pass
        self._listener = None

    # ---- the cache ----------------------------------------------------------------------------------------
    def poll(self) -> int:
        """Take the NOTIFY messages that arrived; returns how many. While the server is down, a background thread
        tries to reach it (at most every retry_seconds), so a read on the patient screen never waits for a
        connection timeout; once it answers, this reconnects, refreshes and gives the outbox back. Never raises."""
        import psycopg

        now = time.monotonic()
        if self._listener is None or self._listener.closed:
            if self.offline_reason and not self._reachable:
                if now - self._last_try >= self.retry_seconds:
                    self._last_try = now
                    self._probe()
                return 0
            if not self.offline_reason and now - self._last_try < self.retry_seconds:
                return 0  # a LISTEN that failed on a live server: try again later, not at every read
            self._reachable = False
            self._last_try = now
            try:
                self.conn.close()  # a lost listener means a lost server: start both afresh
                self.conn.ensure()  # migrate-check, LISTEN (see _connected)
            except StoreError as exc:
                self.offline_reason = str(exc)
                return 0
            self.flush_kept()
            return 1
        count = 0
        try:
            for _ in self._listener.notifies(timeout=0):
                count += 1
        except psycopg.Error:
            self._close_listener()
            self.offline_reason = "The clinic server cannot be reached; the handouts still show."
            return 0
        self._seen += count
        return count

    def _probe(self) -> None:
        """Try, on a daemon thread, whether the server answers again; sets _reachable when it does."""
        import threading

        if self._prober is not None and self._prober.is_alive():
            return

        def attempt() -> None:
            import psycopg

            try:
                psycopg.connect(self.url, connect_timeout=CONNECT_TIMEOUT, **TCP_OPTIONS).close()
                self._reachable = True
            except Exception:  # noqa: BLE001 - still down: the next probe tries again
                self._reachable = False

        self._prober = threading.Thread(target=attempt, name="kiosk-server-probe", daemon=True)
        self._prober.start()

    def cached(self):
        """The cache Store, refreshed first when the server announced a change or this device wrote."""
        if not self.conn.in_transaction:
            now = time.monotonic()
            if self._dirty or now - self._last_poll >= self.poll_seconds:
                self._last_poll = now
                if self.poll() or (self._dirty and not self.offline_reason):
                    self.refresh_cache()
        return self.cache

    def refresh_cache(self) -> bool:
        """Copy what changed on the server into the cache: new published versions, handout status, settings.
        Returns True when it reached the server. Never raises for the server being down."""
        try:
            live = {(r[0], r[1]): (r[2], r[3]) for r in self.conn.execute(
                "SELECT h.slug, h.language, h.status, MAX(v.version) FROM handouts h JOIN handout_versions v "
                "ON v.handout_id = h.id AND v.state = 'published' GROUP BY h.id, h.slug, h.language, h.status")}
            settings = self.conn.execute("SELECT key, value FROM settings").fetchall()
        except StoreError as exc:
            self.offline_reason = str(exc)
            return False
        c = self.cache.conn
        have = {(r[0], r[1]): (r[2], r[3]) for r in c.execute(
            "SELECT h.slug, h.language, h.status, MAX(v.version) FROM handouts h JOIN handout_versions v "
            "ON v.handout_id = h.id GROUP BY h.id")}
        todo = [key for key, value in live.items() if have.get(key) != value]
        new_rows = {}
        try:
            for slug, language in todo:
                since = have.get((slug, language), (None, 0))[1]
                new_rows[(slug, language)] = self.conn.execute(
                    "SELECT v.version, v.title, v.content, v.source_text, v.created_by, v.created_at, "
                    "v.published_at, v.published_by FROM handout_versions v JOIN handouts h ON h.id = v.handout_id "
                    "WHERE h.slug = ? AND h.language = ? AND v.state = 'published' AND v.version > ? "
                    "ORDER BY v.version", (slug, language, since)).fetchall()
        except StoreError as exc:
            self.offline_reason = str(exc)
            return False
        cached_settings = c.execute("SELECT key, value FROM settings").fetchall()
        changed = bool(todo) or sorted(map(tuple, cached_settings)) != sorted(map(tuple, settings))
        if changed:
            with transaction(c, self.path):
                for slug, language in todo:
                    status = live[(slug, language)][0]
                    row = c.execute("SELECT id FROM handouts WHERE slug = ? AND language = ?",
                                    (slug, language)).fetchone()
                    hid = row[0] if row else c.execute("INSERT INTO handouts (slug, language) VALUES (?, ?)",
                                                       (slug, language)).lastrowid
                    for v in new_rows[(slug, language)]:
                        c.execute("INSERT INTO handout_versions (handout_id, version, state, title, content, "
                                  "source_text, created_by, created_at, published_at, published_by) "
                                  "VALUES (?, ?, 'published', ?, ?, ?, ?, ?, ?, ?)", (hid, *v))
                    c.execute("UPDATE handouts SET status = ? WHERE id = ?", (status, hid))
                    c.execute("DELETE FROM handout_fts WHERE slug = ? AND language = ?", (slug, language))
                    if status == "published":
                        content = c.execute("SELECT content FROM handout_versions WHERE handout_id = ? "
                                            "ORDER BY version DESC LIMIT 1", (hid,)).fetchone()[0]
                        h = from_json(content)
                        c.execute("INSERT INTO handout_fts (slug, language, title, keywords, body) "
                                  "VALUES (?, ?, ?, ?, ?)",
                                  (slug, language, h.title, " ; ".join(h.keywords), h.searchable_text()))
                c.execute("DELETE FROM settings")
                for key, value in settings:
                    c.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, value))
            self.cache.bump()
            self.refreshes += 1
        self._dirty = False
        self.offline_reason = None
        return True

    # ---- the Store interface ------------------------------------------------------------------------------
    def bump(self) -> None:
        """A change made through this device: the cache refreshes before the next read."""
        self._local_changes += 1
        self._dirty = True

    def stamp(self) -> tuple[int, ...]:
        """Changes when this device wrote, or the server announced a change from any device."""
        self.cached()
        return (self._seen, self._local_changes, *self.cache.stamp())

    def close(self) -> None:
        self._close_listener()
        self.conn.close()
        self.cache.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
