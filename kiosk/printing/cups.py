"""The CUPS backend: the vector PDF straight to a queue over IPP, then followed until CUPS says it is done. No Qt.

Before sending, the queue is checked (it exists, is not stopped, accepts jobs), so a nurse hears about a stopped
queue at once instead of leaving a job to print hours later when someone re-enables it. A job that cannot finish
(held, queue stopped underneath it, timeout) is cancelled before the failure is reported, so pressing Retry never
produces a second copy of a patient's sheet later on.
"""
from __future__ import annotations

import getpass
import os
import re
import time

from kiosk.printing import ipp
from kiosk.printing.base import (
    JobAborted,
    JobCancelled,
    JobHeld,
    NoPrinterConfigured,
    NoSuchPrinter,
    NotAllowed,
    PrintError,
    PrintJob,
    PrintResult,
    PrintServerDown,
    PrintTimeout,
    QueueRejecting,
    QueueStopped,
    StatusCallback,
)

DEFAULT_TIMEOUT = 120.0
RECONNECT_GRACE = 15.0  # a CUPS restart (package update, admin) takes a few seconds
_PRINTER_ATTRS = ["printer-name", "printer-state", "printer-state-reasons", "printer-state-message",
                  "printer-is-accepting-jobs"]
_JOB_ATTRS = ["job-state", "job-state-reasons", "job-printer-state-message", "job-state-message"]

# printer-state-reasons keywords (RFC 8011 5.4.12, PWG 5100.9, CUPS's own) in words a nurse uses. A keyword may
# carry a severity suffix (-error, -warning, -report); the words are the same whatever the suffix.
REASON_WORDS = {
    "media-empty": "out of paper",
    "media-needed": "needs paper",
    "media-jam": "paper jam",
    "media-low": "paper is low",
    "media-tray-empty": "a paper tray is empty",
    "media-tray-missing": "a paper tray is missing",
    "input-tray-missing": "a paper tray is missing",
    "output-area-full": "the output tray is full",
    "output-area-almost-full": "the output tray is almost full",
    "output-tray-missing": "the output tray is missing",
    "toner-empty": "out of toner",
    "toner-low": "toner is low",
    "marker-supply-empty": "out of ink or toner",
    "marker-supply-low": "ink or toner is low",
    "marker-waste-full": "the waste toner box is full",
    "marker-waste-almost-full": "the waste toner box is almost full",
    "developer-empty": "out of developer",
    "opc-life-over": "the drum needs replacing",
    "opc-near-eol": "the drum is nearly worn out",
    "fuser-over-temp": "the printer is too hot",
    "fuser-under-temp": "the printer is warming up",
    "door-open": "a door is open",
    "cover-open": "a cover is open",
    "interlock-open": "a cover is open",
    "spool-area-full": "the printer's memory is full",
    "offline": "the printer is offline",
    "shutdown": "the printer is switched off",
    "connecting-to-device": "connecting to the printer",
    "timed-out": "the printer does not answer",
    "paused": "the queue is paused",
    "stopped-partly": "part of the printer is not working",
    "cups-missing-filter": "the queue cannot convert the sheet (a driver is missing)",
    "other": "the printer reports a problem",
}
# Keywords that say nothing a nurse can act on (CUPS's bookkeeping while a job runs).
QUIET_REASONS = {"none", "cups-waiting-for-job-completed", "moving-to-paused", "cups-remote-pending",
                 "cups-remote-pending-held", "cups-remote-processing", "cups-remote-stopped",
                 "cups-remote-canceled", "cups-remote-aborted", "cups-remote-completed"}
_SUFFIXES = ("-error", "-warning", "-report")


def _keyword(reason) -> tuple[str, str]:
    """('media-empty', '-error') from 'media-empty-error'; the suffix is '' when there is none."""
    reason = str(reason).strip()
    for suffix in _SUFFIXES:
        if reason.endswith(suffix) and len(reason) > len(suffix):
            return reason[: -len(suffix)], suffix
    return reason, ""


def describe_reasons(reasons, message: str = "") -> str:
    """What the printer says, in words, from printer-state-reasons and CUPS's printer-state-message.

    Known keywords (REASON_WORDS), any suffix: 'out of paper, a door is open' from ['media-empty-error',
    'door-open-warning']. A keyword we have no words for is still shown, as the printer named it, with the
    printer's own message: ['com.acme-fuser-fault-error'] + 'Fuser fault 52' -> 'com.acme fuser fault (Fuser
    fault 52)'. Unknown '-report' keywords (informational by RFC 8011) and CUPS's bookkeeping are left out.
    Returns '' when there is nothing to say."""
    words: list[str] = []
    unknown = False
    for reason in reasons or ():
        keyword, suffix = _keyword(reason)
        if not keyword or keyword in QUIET_REASONS:
            continue
        text = REASON_WORDS.get(keyword)
        if text is None:
            if suffix == "-report":
                continue
            text, unknown = keyword.replace("-", " ").replace("_", " "), True
        if text not in words:
            words.append(text)
    said = ", ".join(words)
    detail = _clean(message)
    if unknown and detail and detail.lower() not in said.lower():
        said += f" ({detail})"
    return said


def _clean(message) -> str:
    return " ".join(str(message or "").split()).rstrip(".")


def requesting_user() -> str:
    """The name CUPS is told the job is from: the login name (LOGNAME, USER… or the passwd entry), or the uid
    as text when this uid has no passwd entry (a container or a service started with a bare uid), never an error.
    getpass raises KeyError there (Python < 3.13) or OSError (3.13+)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError, ImportError):
        name = ""
    return name or (str(os.getuid()) if hasattr(os, "getuid") else "kiosk")


# Page sizes (PDF points, portrait) and their PWG 5101.1 media names, as CUPS and IPP Everywhere printers know them.
MEDIA_SIZES = {"na_letter_8.5x11in": (612.0, 792.0), "iso_a4_210x297mm": (595.28, 841.89),
               "na_legal_8.5x14in": (612.0, 1008.0), "iso_a5_148x210mm": (419.53, 595.28)}
_MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s+(-?[\d.]+)\s*\]")


def media_for_pdf(pdf: bytes) -> str:
    """The PWG media name matching the first page of PDF (within 3 pt, either orientation), or "" when the page
    size is not one of MEDIA_SIZES or cannot be read. The renderer sizes pages from the clinic's paper-size
    setting (letter -> 612x792 pt, a4 -> 595x842 pt), so this is that setting, read back from the very bytes
    that print: the printer is asked for the paper the sheet was laid out on."""
    match = _MEDIABOX.search(pdf)
    if not match:
        return ""
    try:
        x0, y0, x1, y1 = (float(v) for v in match.groups())
    except ValueError:  # "1.2.3": not a number, so no size we know
        return ""
    size = sorted((abs(x1 - x0), abs(y1 - y0)))
    for name, (w, h) in MEDIA_SIZES.items():
        if abs(size[0] - w) <= 3 and abs(size[1] - h) <= 3:
            return name
    return ""


def job_attributes(pdf: bytes, copies: int) -> list[tuple[int, str, object]]:
    """The Print-Job job-template attributes: copies, and media (the sheet's paper) when it is a known size."""
    attrs: list[tuple[int, str, object]] = [(ipp.INTEGER, "copies", int(copies))]
    media = media_for_pdf(pdf)
    if media:
        attrs.append((ipp.KEYWORD, "media", media))
    return attrs


class CupsBackend:
    """Prints through CUPS. `server` is "host:port" or a socket path; None means what `lp` would use."""

    name = "cups"

    def __init__(self, server: str | None = None, timeout: float = DEFAULT_TIMEOUT, poll: float = 0.1,
                 reconnect_grace: float = RECONNECT_GRACE):
        self.client = ipp.Client(server)
        self.timeout = timeout
        self.poll = poll
        self.reconnect_grace = reconnect_grace
        self.user = requesting_user()

    # ---- queries ---------------------------------------------------------------------------------------
    def _call(self, operation: int, resource: str, attrs, job_attrs=(), document: bytes = b"", *, printer: str = "",
              during: str = "", job_id: str = "") -> ipp.Response:
        try:
            return self.client.request(operation, resource, attrs, job_attrs, document)
        except ipp.IppHttpError as exc:
            if exc.status in (401, 403):
                raise NotAllowed(f"CUPS does not allow this kiosk to print{f' to {printer!r}' if printer else ''} "
                                 f"({exc}). Ask IT to check the printer's access policy.", printer=printer,
                                 job_id=job_id) from None
            raise PrintServerDown(during or f"The print service (CUPS) did not understand the kiosk ({exc}). Ask IT "
                                  "to check the print server, or save the sheet as a PDF.", printer=printer,
                                  job_id=job_id) from None
        except ipp.IppConnectionError:
            if self.client.address is None:
                raise PrintServerDown(f"{self.client.address_error} Ask IT to check the CUPS_SERVER setting or "
                                      "client.conf.", printer=printer, job_id=job_id) from None
            if during:
                raise PrintServerDown(during, printer=printer, job_id=job_id) from None
            raise PrintServerDown(
                "The print service (CUPS) is not running or cannot be reached. Ask IT to start it, or save the "
                "sheet as a PDF.", printer=printer) from None

    def printers(self) -> list[str]:
        resp = self._call(ipp.CUPS_GET_PRINTERS, "/",
                          [(ipp.NAME, "requesting-user-name", self.user),
                           (ipp.KEYWORD, "requested-attributes", ["printer-name"])])
        names = [attrs["printer-name"][0] for attrs in resp.all(ipp.PRINTER_GROUP) if attrs.get("printer-name")]
        return sorted(names, key=str.lower)

    def default_printer(self) -> str:
        resp = self._call(ipp.CUPS_GET_DEFAULT, "/",
                          [(ipp.NAME, "requesting-user-name", self.user),
                           (ipp.KEYWORD, "requested-attributes", ["printer-name"])])
        return str(resp.value("printer-name", "")) if resp.ok else ""

    def printer_state(self, printer: str, during: str = "", job_id: str = "") -> dict:
        if not ipp.possible_queue_name(printer):  # cupsd would answer HTTP 403, which is no "not running"
            raise NoSuchPrinter(f"There is no printer called '{printer}'. Choose another printer.", printer=printer)
        resp = self._call(ipp.GET_PRINTER_ATTRIBUTES, ipp.printer_resource(printer),
                          [(ipp.URI, "printer-uri", self.client.printer_uri(printer)),
                           (ipp.NAME, "requesting-user-name", self.user),
                           (ipp.KEYWORD, "requested-attributes", _PRINTER_ATTRS)], printer=printer, during=during,
                          job_id=job_id)
        if resp.status == ipp.NOT_FOUND:
            raise NoSuchPrinter(f"There is no printer called '{printer}'. Choose another printer.", printer=printer)
        self._raise_for(resp, printer)
        attrs = resp.first(ipp.PRINTER_GROUP)
        return {k: (v if k == "printer-state-reasons" else v[0]) for k, v in attrs.items() if v}

    def _raise_for(self, resp: ipp.Response, printer: str, job_id: str = "") -> None:
        if resp.ok:
            return
        if resp.status == ipp.NOT_FOUND:
            raise NoSuchPrinter(f"There is no printer called '{printer}'. Choose another printer.", printer=printer)
        if resp.status == ipp.NOT_ACCEPTING_JOBS:
            raise QueueRejecting(self._rejecting_text(printer, resp.message()), printer=printer)
        if resp.status in (ipp.FORBIDDEN, ipp.NOT_AUTHENTICATED, ipp.NOT_AUTHORIZED):
            raise NotAllowed(f"CUPS does not allow this kiosk to print to '{printer}' ({_clean(resp.message())}). "
                             "Ask IT to check the printer's access policy.", printer=printer)
        raise PrintError(f"CUPS refused the job for '{printer}': {_clean(resp.message()) or hex(resp.status)}.",
                         printer=printer, job_id=job_id)

    @staticmethod
    def _rejecting_text(printer: str, message: str) -> str:
        detail = _clean(message)
        detail = f" ({detail})" if detail and detail.lower() not in ("rejecting jobs", "not accepting jobs") else ""
        return f"The printer '{printer}' is not accepting jobs{detail}. Choose another printer or ask IT."

    def check_printer(self, printer: str) -> dict:
        """Raise when the queue cannot take a job now; return its state otherwise."""
        state = self.printer_state(printer)
        if state.get("printer-state") == ipp.STOPPED:
            raise QueueStopped(self._stopped_text(printer, state), printer=printer)
        if state.get("printer-is-accepting-jobs") is False:
            raise QueueRejecting(self._rejecting_text(printer, state.get("printer-state-message", "")),
                                 printer=printer)
        return state

    @staticmethod
    def _stopped_text(printer: str, state: dict, job: PrintJob | None = None, cancelled: bool = False) -> str:
        reasons = [r for r in state.get("printer-state-reasons") or () if not str(r).startswith("paused")]
        parts = [describe_reasons(reasons, state.get("printer-state-message", "")),
                 _clean(state.get("printer-state-message"))]
        parts = [p for p in parts if p and p.lower() != "paused"]
        detail = f" ({'; '.join(dict.fromkeys(parts))})" if parts else ""
        if job is None:
            what = f"The printer '{printer}' is stopped{detail}."
        else:
            what = (f"The printer '{printer}' stopped{detail} before job {job.job_id} printed"
                    + ("; the job was cancelled." if cancelled else "."))
        return f"{what} Ask IT to restart it, or choose another printer."

    # ---- printing --------------------------------------------------------------------------------------
    def submit(self, pdf: bytes, title: str, printer: str, copies: int = 1) -> PrintJob:
        printer = printer or self.default_printer()
        if not printer:
            raise NoPrinterConfigured("No printer is set up. An admin can choose one in the settings.")
        self.check_printer(printer)
        resp = self._call(ipp.PRINT_JOB, ipp.printer_resource(printer),
                          [(ipp.URI, "printer-uri", self.client.printer_uri(printer)),
                           (ipp.NAME, "requesting-user-name", self.user),
                           (ipp.NAME, "job-name", title),
                           (ipp.MIME, "document-format", "application/pdf")],
                          job_attributes(pdf, copies), document=pdf, printer=printer)
        self._raise_for(resp, printer)
        job_id = resp.value("job-id")
        if job_id is None:
            raise PrintError(f"CUPS took the job for '{printer}' but gave no job number.", printer=printer)
        return PrintJob("cups", printer, str(job_id), int(copies))

    def cancel(self, job: PrintJob) -> bool:
        try:
            resp = self.client.request(ipp.CANCEL_JOB, "/jobs/",
                                       [(ipp.URI, "printer-uri", self.client.printer_uri(job.printer)),
                                        (ipp.INTEGER, "job-id", int(job.job_id)),
                                        (ipp.NAME, "requesting-user-name", self.user)])
        except ipp.IppConnectionError:
            return False
        return resp.ok

    def job_state(self, job: PrintJob) -> dict:
        lost = self._lost_text(job)
        resp = self._call(ipp.GET_JOB_ATTRIBUTES, "/jobs/",
                          [(ipp.URI, "printer-uri", self.client.printer_uri(job.printer)),
                           (ipp.INTEGER, "job-id", int(job.job_id)),
                           (ipp.NAME, "requesting-user-name", self.user),
                           (ipp.KEYWORD, "requested-attributes", _JOB_ATTRS)], printer=job.printer, during=lost,
                          job_id=job.job_id)
        if resp.status == ipp.NOT_FOUND:
            raise JobCancelled(f"Job {job.job_id} is no longer known to CUPS; it may have been removed. "
                               "Check the printer tray.", printer=job.printer, job_id=job.job_id)
        self._raise_for(resp, job.printer, job.job_id)
        attrs = resp.first(ipp.JOB_GROUP)
        return {k: (v if k == "job-state-reasons" else v[0]) for k, v in attrs.items() if v}

    def _poll_once(self, job: PrintJob) -> tuple[PrintResult | None, dict]:
        """One look at the job (and its printer): the result when it printed; raises when it failed."""
        state = self.job_state(job)
        job_state = state.get("job-state")
        detail = _clean(state.get("job-printer-state-message") or state.get("job-state-message"))
        if job_state == ipp.COMPLETED:
            copies = "1 copy" if job.copies == 1 else f"{job.copies} copies"
            return PrintResult(job, "printed", f"Printed {copies} on {job.printer} (job {job.job_id})."), {}
        if job_state == ipp.CANCELED:
            raise JobCancelled(f"Job {job.job_id} on '{job.printer}' was cancelled"
                               f"{f' ({detail})' if detail else ''}. Print again when ready.",
                               printer=job.printer, job_id=job.job_id)
        if job_state == ipp.ABORTED:
            raise JobAborted(f"The printer '{job.printer}' could not print job {job.job_id}"
                             f"{f' ({detail})' if detail else ''}. Try again or choose another printer.",
                             printer=job.printer, job_id=job.job_id)
        if job_state == ipp.HELD:
            why = ", ".join(r for r in state.get("job-state-reasons", []) if r != "none") or "held"
            cancelled = self.cancel(job)
            raise JobHeld(f"CUPS is holding job {job.job_id} on '{job.printer}' ({why}). "
                          + ("The held job was cancelled; print again or choose another printer."
                             if cancelled else "Release or cancel it at the print server."),
                          printer=job.printer, job_id=job.job_id)
        printer = self.printer_state(job.printer, during=self._lost_text(job), job_id=job.job_id)
        if printer.get("printer-state") == ipp.STOPPED:
            cancelled = self.cancel(job)
            raise QueueStopped(self._stopped_text(job.printer, printer, job, cancelled),
                               printer=job.printer, job_id=job.job_id)
        return None, printer

    @staticmethod
    def _lost_text(job: PrintJob) -> str:
        return (f"Lost contact with the print service while job {job.job_id} was printing on '{job.printer}'. "
                "Check the printer tray before printing again.")

    def wait(self, job: PrintJob, timeout: float | None = None, on_status: StatusCallback | None = None
             ) -> PrintResult:
        """Follow the job to completed. A CUPS restart (under `reconnect_grace` seconds) is ridden out: CUPS
        keeps its queue across restarts, so the job carries on."""
        timeout = self.timeout if timeout is None else timeout
        started = time.monotonic()
        deadline = started + timeout
        delay, last_note, outage, told_lost = self.poll, "", None, False
        while True:
            try:
                result, printer = self._poll_once(job)
            except PrintServerDown:
                now = time.monotonic()
                outage = outage or now
                if now - outage >= self.reconnect_grace or now >= deadline:
                    raise
                if on_status and not told_lost:
                    on_status("Lost contact with the print service; trying again…")
                told_lost = True
                time.sleep(0.25)
                continue
            outage, told_lost = None, False
            if result is not None:
                return result
            note = describe_reasons(printer.get("printer-state-reasons"), printer.get("printer-state-message", ""))
            if on_status and note and note != last_note:
                on_status(f"The printer says: {note}.")
            last_note = note or last_note
            if time.monotonic() >= deadline:
                cancelled = self.cancel(job)
                why = f" (the printer says: {last_note})" if last_note else ""
                raise PrintTimeout(f"Job {job.job_id} did not finish on '{job.printer}' within {timeout:g} seconds"
                                   f"{why}. " + ("The job was cancelled." if cancelled
                                                 else "Check the printer before printing again."),
                                   printer=job.printer, job_id=job.job_id)
            time.sleep(min(delay, max(0.0, deadline - time.monotonic())))
            if time.monotonic() > started + 2.0:  # quick polls while a sheet normally prints, then ease off
                delay = min(delay * 1.5, 1.0)
