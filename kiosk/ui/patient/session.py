"""One patient's choices: language, text size and theme. Reset to the clinic's defaults after each patient."""
from __future__ import annotations

from contextlib import nullcontext

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from kiosk.core.i18n import next_language
from kiosk.core.model import LANGUAGES, ClinicSettings
from kiosk.ui import theme


class PatientSession(QObject):
    language_changed = Signal(str)
    display_changed = Signal(str, int)  # theme, text size

    def __init__(self, settings: ClinicSettings, parent: QObject | None = None):
        super().__init__(parent)
        self.defaults = settings
        self.language = self._lang(settings.default_language)
        self.text_size = self._size(settings.default_text_size)
        self.theme = self._theme(settings.default_theme)
        self.around_apply = nullcontext  # the window pauses its idle filter while restyling

    @staticmethod
    def _lang(lang: str) -> str:
        return lang if lang in LANGUAGES else "en"

    @staticmethod
    def _size(size) -> int:
        try:
            size = int(size)
        except (TypeError, ValueError):
            return 0
        return size if size in theme.TEXT_SIZES else 0

    @staticmethod
    def _theme(name: str) -> str:
        return name if name in theme.THEMES else "default"

    def at_defaults(self) -> bool:
        d = self.defaults
        return (self.language, self.text_size, self.theme) == (
            self._lang(d.default_language), self._size(d.default_text_size), self._theme(d.default_theme))

    def set_language(self, lang: str) -> None:
        lang = self._lang(lang)
        if lang != self.language:
            self.language = lang
            self.language_changed.emit(lang)

    def switch_language(self) -> None:
        """The language button: the next language in the kiosk's table (kiosk.core.i18n), wrapping round."""
        self.set_language(next_language(self.language))

    def set_text_size(self, size: int) -> None:
        self.set_display(self.theme, size)

    def set_theme(self, name: str) -> None:
        self.set_display(name, self.text_size)

    def set_display(self, name: str, size: int) -> None:
        name, size = self._theme(name), self._size(size)
        if (name, size) != (self.theme, self.text_size):
            self.theme, self.text_size = name, size
            self.apply()
            self.display_changed.emit(name, size)

    def apply(self) -> None:
        app = QApplication.instance()
        if app is not None:
            with self.around_apply():
                theme.apply_theme(app, self.theme, self.text_size)

    def reset(self, settings: ClinicSettings) -> None:
        """Back to the clinic's defaults (read afresh: an admin may have changed them)."""
        self.defaults = settings
        self.set_display(self._theme(settings.default_theme), self._size(settings.default_text_size))
        self.set_language(settings.default_language)
