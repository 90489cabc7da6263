"""The Qt fallback for systems without CUPS: each page rasterised by PDFium at 300 dpi and painted into QPrinter.

The only module of kiosk/printing that touches Qt. It cannot follow a job once the platform's spooler has it, so
its outcome is "sent", never "printed". Rasterising makes the job larger than the vector PDF the CUPS backend
sends; 300 dpi keeps 9-point text crisp on paper. `output_file` (a PDF path) is for tests and demos.
"""
from __future__ import annotations

from kiosk.printing import pdfium
from kiosk.printing.base import NoPrinterConfigured, NoSuchPrinter, OutputFailed, PrintJob, PrintResult, StatusCallback

DPI = 300


class QtBackend:
    name = "qt"

    def __init__(self, output_file: str | None = None, dpi: int = DPI):
        self.output_file = output_file
        self.dpi = dpi
        self._jobs = 0

    def printers(self) -> list[str]:
        from PySide6.QtPrintSupport import QPrinterInfo

        return sorted(QPrinterInfo.availablePrinterNames(), key=str.lower)

    def default_printer(self) -> str:
        from PySide6.QtPrintSupport import QPrinterInfo

        return QPrinterInfo.defaultPrinterName()

    def submit(self, pdf: bytes, title: str, printer: str, copies: int = 1) -> PrintJob:
        from PySide6.QtCore import QMarginsF, QRectF
        from PySide6.QtGui import QImage, QPageLayout, QPainter
        from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

        qprinter = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.output_file:
            qprinter.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            qprinter.setOutputFileName(self.output_file)
            printer = printer or self.output_file
        else:
            printer = printer or self.default_printer()
            if not printer:
                raise NoPrinterConfigured("No printer is set up. An admin can choose one in the settings.")
            if printer not in QPrinterInfo.availablePrinterNames():
                raise NoSuchPrinter(f"There is no printer called '{printer}'. Choose another printer.",
                                    printer=printer)
            qprinter.setPrinterName(printer)
        qprinter.setResolution(self.dpi)
        qprinter.setDocName(title)
        qprinter.setCopyCount(copies)
        qprinter.setFullPage(True)
        painter = QPainter()
        try:
            for index, (w_pt, h_pt) in enumerate(pdfium.page_sizes(pdf)):
                qprinter.setPageSize(_page_size(w_pt, h_pt))
                qprinter.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
                if index == 0:
                    if not painter.begin(qprinter):
                        raise OutputFailed(f"The printer '{printer}' could not be opened.", printer=printer)
                elif not qprinter.newPage():
                    raise OutputFailed(f"The printer '{printer}' stopped taking pages.", printer=printer)
                (image,) = pdfium.render(pdf, self.dpi, index, index)
                qimage = QImage(image.pixels, image.width, image.height, image.stride, QImage.Format.Format_RGBX8888)
                painter.drawImage(QRectF(qprinter.paperRect(QPrinter.Unit.DevicePixel)), qimage)
        finally:
            if painter.isActive():
                painter.end()
        self._jobs += 1
        return PrintJob("qt", printer, str(self._jobs), copies)

    def wait(self, job: PrintJob, timeout: float | None = None, on_status: StatusCallback | None = None
             ) -> PrintResult:
        return PrintResult(job, "sent", f"Sent the sheet to {job.printer}.")


def _page_size(w_pt: float, h_pt: float):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPageSize

    return QPageSize(QSizeF(w_pt, h_pt), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.FuzzyMatch)
