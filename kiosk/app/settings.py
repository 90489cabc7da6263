"""Clinic settings: every screen reads them; only an admin changes them (audited by the store). No Qt."""
from __future__ import annotations

from dataclasses import replace

from kiosk.app.core import ADMIN
from kiosk.app.errors import StoreError
from kiosk.core import aftercare, medicines
from kiosk.core.model import ClinicSettings, StaffMember


def problems(s: ClinicSettings) -> list[str]:
    """Plain sentences for settings that cannot work together; [] when they can. Every save checks these."""
    out = []
    if not s.name.strip():
        out.append("The clinic needs a name: it heads every sheet.")
    if not s.languages:
        out.append("Offer at least one language.")
    elif s.default_language not in s.languages:
        out.append("The default language must be one of the languages offered.")
    if s.web_address and not s.web_address.startswith(("https://", "http://")):
        out.append("The web address must start with https:// (it becomes the QR code).")
    if s.idle_countdown_seconds >= s.idle_seconds:
        out.append("The idle countdown must be shorter than the idle time.")
    if s.print_backend == "folder" and not s.print_folder.strip():
        out.append("Printing to a folder needs a folder.")
    sugar = aftercare.sugar_threshold_problem(s.sugar_call_above)
    if sugar:
        out.append(sugar)
    # The pick list draws from the medicines catalogue: the warnings follow a medicine's class, never its wording.
    unknown = medicines.pick_list_problem(s.medications)
    if unknown:
        out.append(unknown)
    return out


class Settings:
    def __init__(self, app):
        self._app = app

    def get(self) -> ClinicSettings:
        """The clinic's settings; a stored value that is not valid reads as its default."""
        return self._app._store.settings.get()

    def problems(self) -> list[str]:
        """One sentence per stored setting that breaks its rule (its default is in use), for admins to see; and
        one when the stored pick list names medicines the catalogue does not know (a database restored from an
        older kiosk): the discharge form asks "Is this a steroid?" for those, and saving is refused until fixed."""
        found = self._app._store.settings.problems()
        unknown = medicines.pick_list_problem(self.get().medications)
        return [*found, unknown] if unknown else found

    def save(self, actor: StaffMember, settings: ClinicSettings) -> list[str]:
        """Store SETTINGS; returns the names of the fields that changed. Raises NotAllowed or StoreError."""
        member = self._app.require(actor, (ADMIN,), "change the clinic settings")
        from kiosk.printing.save import folder_problems

        # save folders: a stick saved earlier may be unplugged now, which must not block saving other settings
        found = problems(settings) + folder_problems(settings.save_folders, self._app.data_folder,
                                                     known=self.get().save_folders)
        if found:
            raise StoreError(" ".join(found))
        return self._app._store.settings.save(settings, member.name)

    def update(self, actor: StaffMember, **changes) -> ClinicSettings:
        new = replace(self.get(), **changes)
        self.save(actor, new)
        return new
