"""A throw-away cupsd for tests and the print benchmark: its own config, spool, logs, socket and PDF output folder.

    server = CupsServer.start()           # raises CupsUnavailable(reason) when this machine cannot run one
    server.add_pdf_queue("kiosk-pdf")     # a cups-pdf queue; PDFs land in server.output
    ... CupsBackend(server.socket) ...
    server.stop()

What we found running cupsd as root in a container (see docs/printing.md):
- cupsd, started as root, runs filters as the user `lp`; its TempDir must be writable by lp (else pdftops fails
  with "Unable to copy PDF file: Permission denied" and the queue stops), so TempDir here is mode 1777.
- The default Printcap is /run/cups/printcap, shared with the system's cupsd; we point it into our own folder.
- The cups-pdf backend refuses to run without root ("CUPS-PDF cannot be called without root privileges!") and
  reads its settings from the compiled-in /etc/cups/cups-pdf.conf, ignoring CUPS_SERVERROOT. So cupsd runs in a
  private mount namespace (`unshare --mount`) where a folder of ours is bind-mounted over /etc/cups; the system's
  /etc/cups is never touched. Where namespaces are not allowed, the queue uses the device URI `cups-pdf:/INSTANCE`,
  for which cups-pdf reads /etc/cups/cups-pdf-INSTANCE.conf: that one file is written and removed again.
- PreserveJobFiles No (no copy of a patient's sheet stays in the spool); PreserveJobHistory stays on, because
  following a job to "completed" needs CUPS to remember it.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

PDF_BACKEND = Path("/usr/lib/cups/backend/cups-pdf")
PPD_CANDIDATES = (Path("/usr/share/ppd/cups-pdf/CUPS-PDF_noopt.ppd"), Path("/usr/share/cups/model/CUPS-PDF_noopt.ppd"))

CUPSD_CONF = """\
Listen {socket}
LogLevel warn
WebInterface No
Browsing No
DefaultShared No
PreserveJobFiles No
PreserveJobHistory Yes
MaxJobs 200
ErrorPolicy stop-printer
<Location />
  Order allow,deny
  Allow all
</Location>
<Location /admin>
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""

CUPS_FILES_CONF = """\
ServerRoot {root}/etc
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
AccessLog {root}/log/access_log
ErrorLog {root}/log/error_log
PageLog {root}/log/page_log
Printcap {root}/state/printcap
ServerBin {root}/serverbin
SystemGroup root
"""

# A printer that is out of paper until the test loads some (the CUPS backend protocol, backend(7)): it reports
# the IPP keyword media-empty-error on the queue, as a real printer's backend does, waits for the "paper" (a
# file named by its device URI, kiosk-paperout:/PATH), then takes the job. CUPS keeps the job "processing" and
# the printer "processing" with that reason meanwhile, exactly what the kiosk sees from a real empty tray.
# Another problem than an empty tray: PATH.reason holds the keyword to report and PATH.message the printer's words.
PAPER_OUT_BACKEND = """\
#!/bin/sh
if [ $# -eq 0 ]; then
  echo 'direct kiosk-paperout "Unknown" "Kiosk test printer that runs out of paper"'
  exit 0
fi
paper="${DEVICE_URI#kiosk-paperout:}"
reason=media-empty-error
message="Out of paper"
[ -s "$paper.reason" ] && reason=$(cat "$paper.reason")
[ -s "$paper.message" ] && message=$(cat "$paper.message")
if [ ! -e "$paper" ]; then
  echo "STATE: +$reason" >&2
  echo "INFO: $message" >&2
  n=0
  while [ ! -e "$paper" ]; do
    sleep 0.1
    n=$((n + 1))
    [ $n -gt 1200 ] && exit 1
  done
  echo "STATE: -$reason" >&2
fi
if [ -n "$6" ]; then cat "$6" >/dev/null; else cat >/dev/null; fi
echo "INFO: Printed" >&2
exit 0
"""
SYSTEM_SERVERBIN = Path("/usr/lib/cups")

CUPS_PDF_CONF = """\
Out {root}/out
AnonDirName {root}/out
Spool {root}/cups-pdf-spool
Log {root}/log
UserUMask 0022
AnonUMask 0022
"""


class CupsUnavailable(RuntimeError):
    """This machine cannot run a throw-away cupsd; the message says why (used as the skip reason)."""


def _ppd() -> Path | None:
    return next((p for p in PPD_CANDIDATES if p.exists()), None)


def why_unavailable() -> str:
    """'' when a cupsd with a cups-pdf queue can run here, else the reason."""
    missing = [tool for tool in ("cupsd", "lpadmin", "cupsenable", "cupsdisable", "cupsaccept", "cupsreject")
               if not shutil.which(tool) and not Path("/usr/sbin", tool).exists()]
    if missing:
        return f"CUPS is not installed ({', '.join(missing)} missing; apt-get install cups cups-client)"
    if not PDF_BACKEND.exists() or _ppd() is None:
        return "the cups-pdf printer driver is not installed (apt-get install printer-driver-cups-pdf)"
    if os.geteuid() != 0:
        return "the cups-pdf backend only runs under a cupsd started as root; run the print tests as root (CI does)"
    return ""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _tool(name: str) -> str:
    return shutil.which(name) or str(Path("/usr/sbin", name))


def _namespaces_work() -> bool:
    if not shutil.which("unshare"):
        return False
    try:
        return subprocess.run(["unshare", "--mount", "--propagation", "private", "true"],
                              capture_output=True, timeout=5).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the test process dies, even by SIGKILL (Linux), so an aborted
    run leaves no cupsd behind. unshare, sh and cupsd exec in turn in this one process, which keeps the setting.
    Linux ties it to the starting *thread*: start (and restart) servers from a thread that outlives them."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


class CupsServer:
    def __init__(self, root: Path, tcp_port: int = 0):
        self.root = root
        self.tcp_port = tcp_port  # also listen on 127.0.0.1:PORT when set (tests of host:port server forms)
        self.socket = str(root / "cups.sock")
        self.output = root / "out"
        self.instance = f"kiosktest{uuid.uuid4().hex[:8]}"
        self.private_etc = _namespaces_work()
        self._instance_conf = Path("/etc/cups") / f"cups-pdf-{self.instance}.conf"
        self.process: subprocess.Popen | None = None

    # ---- life cycle -----------------------------------------------------------------------------------
    @classmethod
    def start(cls, timeout: float = 15.0, tcp: bool = False) -> "CupsServer":
        reason = why_unavailable()
        if reason:
            raise CupsUnavailable(reason)
        # A short path: Unix socket paths are limited to ~107 bytes, pytest's tmp_path can be longer.
        server = cls(Path(tempfile.mkdtemp(prefix="kiosk-cups-")), _free_port() if tcp else 0)
        atexit.register(server.stop)  # and on a normal exit that skipped the fixture's teardown
        try:
            server._write_config()
            server._launch(timeout)
        except BaseException:
            server.stop()
            raise
        return server

    def _write_config(self) -> None:
        root = self.root
        for sub in ("etc", "spool", "cache", "state", "log", "out", "cups-pdf-spool", "fake-etc-cups",
                    "serverbin/backend"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        self._write_serverbin(root / "serverbin")
        os.chmod(root, 0o755)
        (root / "tmp").mkdir(mode=0o1777, exist_ok=True)
        os.chmod(root / "tmp", 0o1777)
        conf = CUPSD_CONF.format(socket=self.socket)
        if self.tcp_port:
            conf = f"Listen 127.0.0.1:{self.tcp_port}\nServerAlias *\n" + conf
        (root / "etc" / "cupsd.conf").write_text(conf)
        (root / "etc" / "cups-files.conf").write_text(CUPS_FILES_CONF.format(root=root))
        pdf_conf = CUPS_PDF_CONF.format(root=root)
        if self.private_etc:
            (root / "fake-etc-cups" / "cups-pdf.conf").write_text(pdf_conf)
        else:
            self._instance_conf.write_text(pdf_conf)

    @staticmethod
    def _write_serverbin(serverbin: Path) -> None:
        """The system's filters and backends (symbolic links), plus the paper-out test backend. cupsd runs a
        backend only if it and its folder belong to root and nobody else may write them."""
        for sub in SYSTEM_SERVERBIN.iterdir():
            if sub.name != "backend":
                (serverbin / sub.name).symlink_to(sub)
        for backend in (SYSTEM_SERVERBIN / "backend").iterdir():
            (serverbin / "backend" / backend.name).symlink_to(backend)
        script = serverbin / "backend" / "kiosk-paperout"
        script.write_text(PAPER_OUT_BACKEND)
        script.chmod(0o755)
        for folder in (serverbin, serverbin / "backend"):
            folder.chmod(0o755)

    def _launch(self, timeout: float) -> None:
        cupsd = [_tool("cupsd"), "-f", "-c", str(self.root / "etc" / "cupsd.conf"),
                 "-s", str(self.root / "etc" / "cups-files.conf")]
        if self.private_etc:
            script = f'mount --bind "{self.root}/fake-etc-cups" /etc/cups && exec "$@"'
            cupsd = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", *cupsd]
        log = open(self.root / "log" / "cupsd.out", "wb")
        self.process = subprocess.Popen(cupsd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True, preexec_fn=_die_with_parent)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise CupsUnavailable(f"cupsd exited at start: {self.log_tail()}")
            if self.accepting_connections():
                return
            time.sleep(0.05)
        raise CupsUnavailable(f"cupsd did not open its socket within {timeout:g} s: {self.log_tail()}")

    def accepting_connections(self) -> bool:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self.socket)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def stop(self) -> None:
        """Stop cupsd (if running) and remove everything it wrote."""
        self.kill_daemon()
        if not self.private_etc:
            self._instance_conf.unlink(missing_ok=True)
        shutil.rmtree(self.root, ignore_errors=True)

    def kill_daemon(self) -> None:
        """Stop cupsd but keep its files (for the 'CUPS stopped mid-way' tests)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)

    def restart(self, timeout: float = 15.0) -> None:
        """Stop cupsd and start it again on the same configuration, spool and socket (its queue survives)."""
        self.kill_daemon()
        self._launch(timeout)

    def log_tail(self, lines: int = 15) -> str:
        text = ""
        for name in ("cupsd.out", "error_log"):
            path = self.root / "log" / name
            if path.exists():
                text += path.read_text(errors="replace")
        return " | ".join(text.strip().splitlines()[-lines:])

    # ---- queues ---------------------------------------------------------------------------------------
    def admin(self, tool: str, *args: str) -> None:
        result = subprocess.run([_tool(tool), "-h", self.socket, *args], capture_output=True, text=True,
                                timeout=20, env={**os.environ, "LANG": "C"})
        if result.returncode != 0:
            raise RuntimeError(f"{tool} {' '.join(args)} failed: {result.stderr.strip()}")

    def add_pdf_queue(self, name: str, *options: str) -> str:
        uri = "cups-pdf:/" if self.private_etc else f"cups-pdf:/{self.instance}"
        self.admin("lpadmin", "-p", name, "-E", "-v", uri, "-P", str(_ppd()), *options)
        return name

    def add_stuck_queue(self, name: str) -> tuple[str, socket.socket]:
        """A queue whose 'printer' takes the connection and never finishes (for timeout tests)."""
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        self.admin("lpadmin", "-p", name, "-E", "-v", f"socket://127.0.0.1:{port}", "-m", "raw")
        return name, listener

    def add_paper_out_queue(self, name: str, reason: str = "", message: str = "") -> tuple[str, Path]:
        """A queue whose printer reports 'out of paper' until the returned file exists (touch it to load paper).
        With `reason` (a printer-state-reasons keyword) and `message` it reports that problem instead."""
        paper = self.root / "tmp" / f"{name}-paper-loaded"
        paper.unlink(missing_ok=True)
        for suffix, text in ((".reason", reason), (".message", message)):
            side = Path(f"{paper}{suffix}")
            side.unlink(missing_ok=True)
            if text:
                side.write_text(text + "\n")
                side.chmod(0o644)
        self.admin("lpadmin", "-p", name, "-E", "-v", f"kiosk-paperout:{paper}", "-m", "raw")
        return name, paper

    def outputs(self) -> list[Path]:
        return sorted(self.output.rglob("*.pdf"), key=lambda p: p.stat().st_mtime)

    def wait_for_outputs(self, count: int, timeout: float = 20.0) -> list[Path]:
        """The PDFs cups-pdf has finished writing, once there are at least `count` of them."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            files = self.outputs()
            if len(files) >= count and all(f.stat().st_size > 0 and f.read_bytes().rstrip().endswith(b"%%EOF")
                                           for f in files):
                return files
            time.sleep(0.1)
        raise AssertionError(f"cups-pdf wrote {len(self.outputs())} PDFs, expected {count}: {self.log_tail()}")


def start_or_skip(tcp: bool = False) -> CupsServer:
    """For pytest fixtures: a server, or a skip with the reason (a failure when KIOSK_REQUIRE_CUPS=1).
    `tcp`: it also listens on 127.0.0.1:server.tcp_port."""
    import pytest

    try:
        return CupsServer.start(tcp=True) if tcp else CupsServer.start()
    except CupsUnavailable as exc:
        if os.environ.get("KIOSK_REQUIRE_CUPS") == "1":
            pytest.fail(f"KIOSK_REQUIRE_CUPS=1 but no CUPS server could be started: {exc}", pytrace=False)
        pytest.skip(f"no CUPS server: {exc}")
