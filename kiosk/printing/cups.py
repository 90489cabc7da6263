"""The CUPS backend: the vector PDF straight to a queue over IPP, then followed until CUPS says it is done. No Qt.

Before sending, the queue is checked (it exists, is not stopped, accepts jobs), so a nurse hears about a stopped
queue at once instead of leaving a job to print hours later when someone re-enables it. A job that cannot finish
(held, queue stopped underneath it, timeout) is cancelled before the failure is reported, so pressing Retry never
produces a second copy of a patient's sheet later on.
"""
from __future__ import annotations

import getpass
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

# printer-state-reasons keywords (RFC 8011 5.4.12, PWG 5100.9) in words a nurse uses.
REASON_WORDS = {
    "media-empty": "out of paper",
    "media-needed": "needs paper",
    "media-jam": "paper jam",
    "media-low": "paper is low",
    "toner-empty": "out of toner",
    "marker-supply-empty": "out of ink or toner",
    "door-open": "a door is open",
    "cover-open": "a cover is open",
    "input-tray-missing": "a paper tray is missing",
    "offline": "the printer is offline",
    "shutdown": "the printer is switched off",
    "connecting-to-device": "connecting to the printer",
    "timed-out": "the printer does not answer",
    "paused": "the queue is paused",
    "other": "the printer reports a problem",
}


def describe_reasons(reasons) -> str:
    """'out of paper, a door is open' from ['media-empty-error', 'door-open-warning']; '' when nothing to say."""
    words = []
    for reason in reasons or ():
        reason = str(reason)
        for suffix in ("-error", "-warning", "-report"):
            reason = reason.removesuffix(suffix)
        text = REASON_WORDS.get(reason)
        if text and text not in words:
            words.append(text)
    return ", ".join(words)


def _clean(message) -> str:
    return " ".join(str(message or "").split()).rstrip(".")


class CupsBackend:
    """Prints through CUPS. `server` is "host:port" or a socket path; None means what `lp` would use."""

    name = "cups"

    def __init__(self, server: str | None = None, timeout: float = DEFAULT_TIMEOUT, poll: float = 0.1,
                 reconnect_grace: float = RECONNECT_GRACE):
        self.client = ipp.Client(server)
        self.timeout = timeout
        self.poll = poll
        self.reconnect_grace = reconnect_grace
        self.user = getpass.getuser()

    # ---- queries ---------------------------------------------------------------------------------------
    def _call(self, operation: int, resource: str, attrs, job_attrs=(), document: bytes = b"", *, printer: str = "",
              during: str = "", job_id: str = "") -> ipp.Response:
        try:
            return self.client.request(operation, resource, attrs, job_attrs, document)
        except ipp.IppConnectionError:
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
        resp = self._call(ipp.GET_PRINTER_ATTRIBUTES, f"/printers/{printer}",
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
        parts = [describe_reasons(reasons), _clean(state.get("printer-state-message"))]
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
        resp = self._call(ipp.PRINT_JOB, f"/printers/{printer}",
                          [(ipp.URI, "printer-uri", self.client.printer_uri(printer)),
                           (ipp.NAME, "requesting-user-name", self.user),
                           (ipp.NAME, "job-name", title),
                           (ipp.MIME, "document-format", "application/pdf")],
                          [(ipp.INTEGER, "copies", int(copies))], document=pdf, printer=printer)
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
            note = describe_reasons(printer.get("printer-state-reasons"))
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
