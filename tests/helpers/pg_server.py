"""A throw-away PostgreSQL server for tests and the benchmark: initdb into a temporary folder, listening only on a
Unix socket in that folder, stopped and deleted afterwards. Uses Debian's postgresql-15 binaries (installed by
.ci/run). PostgreSQL refuses to run as root, so under root the server runs as `nobody` (setpriv, util-linux).

    server = PgServer.start()             # raises PgUnavailable (one sentence) when it cannot
    url = server.new_database()           # a fresh empty database, owned by the kiosk's login role
    server.stop(); server.start_again()   # pull the plug, and plug it back in
    server.close()

Passwords: scram-sha-256 on the socket, so a wrong password is really refused.
"""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

SUPER_PASSWORD = "super-test-password"
KIOSK_USER, KIOSK_PASSWORD = "kiosk", "kiosk-test-password"


class PgUnavailable(Exception):
    pass


def _bin_dir() -> Path | None:
    env = os.environ.get("KIOSK_PG_BIN")
    candidates = [env] if env else sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PgServer:
    def __init__(self, folder: Path, bin_dir: Path, as_user: list[str]):
        self.folder, self.bin, self._as = folder, bin_dir, as_user
        self.data = folder / "data"
        self.socket_dir = folder
        self.log = folder / "server.log"
        self._count = 0

    # ---- starting ------------------------------------------------------------------------------------------
    @classmethod
    def start(cls) -> "PgServer":
        bin_dir = _bin_dir()
        if bin_dir is None:
            raise PgUnavailable("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
        folder = Path(tempfile.mkdtemp(prefix="kpg-", dir="/tmp"))
        as_user: list[str] = []
        if os.geteuid() == 0:
            setpriv = shutil.which("setpriv")
            if setpriv is None:
                raise PgUnavailable("running as root and setpriv is missing, so PostgreSQL cannot drop to nobody")
            as_user = [setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
            os.chown(folder, 65534, 65534)
        os.chmod(folder, 0o700)
        server = cls(folder, bin_dir, as_user)
        pwfile = folder / "pw"
        pwfile.write_text(SUPER_PASSWORD + "\n")
        if as_user:
            os.chown(pwfile, 65534, 65534)
        try:
            server._run([str(bin_dir / "initdb"), "-D", str(server.data), "-U", "postgres", f"--pwfile={pwfile}",
                         "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "-E", "UTF8",
                         "--locale=C.UTF-8", "--no-sync"])
            pwfile.unlink()
            with open(server.data / "postgresql.conf", "a") as fh:
                fh.write(f"\nlisten_addresses = ''\nunix_socket_directories = '{folder}'\nfsync = off\n"
                         "max_connections = 100\nshared_buffers = 32MB\n")
            server.start_again()
            server.sql(f"CREATE ROLE {KIOSK_USER} LOGIN PASSWORD '{KIOSK_PASSWORD}'")
        except Exception:
            server.close()
            raise
        return server

    def _run(self, argv: list[str]) -> str:
        try:
            done = subprocess.run(self._as + argv, capture_output=True, text=True, timeout=120, cwd=self.folder)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise PgUnavailable(f"{Path(argv[0]).name} could not run ({exc})") from None
        if done.returncode != 0:
            raise PgUnavailable(f"{Path(argv[0]).name} failed: {(done.stderr or done.stdout).strip()[-400:]}")
        return done.stdout

    def start_again(self) -> None:
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start"])

    def stop(self) -> None:
        """Stop now (fast mode: connections are cut, as when the server is switched off)."""
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"])

    def close(self) -> None:
        try:
            if (self.data / "postmaster.pid").exists():
                self.stop()
        except PgUnavailable:
            pass
        shutil.rmtree(self.folder, ignore_errors=True)

    # ---- using -----------------------------------------------------------------------------------------------
    def url(self, database: str = "postgres", user: str = KIOSK_USER, password: str = KIOSK_PASSWORD) -> str:
        return f"postgresql://{user}:{quote(password, safe='')}@/{database}?host={quote(str(self.socket_dir), safe='')}"

    def sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database, "postgres", SUPER_PASSWORD), autocommit=True) as conn:
            conn.execute(statement)

    def new_database(self) -> str:
        """A fresh database owned by the kiosk role; returns its URL (password included)."""
        self._count += 1
        name = f"kiosk_{os.getpid()}_{self._count}"
        self.sql(f"CREATE DATABASE {name} OWNER {KIOSK_USER} TEMPLATE template0")
        return self.url(name)


def start_or_skip() -> PgServer:
    """For pytest fixtures: a server, or a skip with the reason (a failure when KIOSK_REQUIRE_POSTGRES=1)."""
    import pytest

    try:
        return PgServer.start()
    except PgUnavailable as exc:
        if os.environ.get("KIOSK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"KIOSK_REQUIRE_POSTGRES=1 but no PostgreSQL server could be started: {exc}", pytrace=False)
        pytest.skip(f"no PostgreSQL server: {exc}")


def wait_until(predicate, timeout: float = 20.0, step: float = 0.05) -> bool:
    """Poll PREDICATE until true (for a NOTIFY to arrive); never a timed assertion, only a bound on waiting."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()
