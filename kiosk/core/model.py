"""Domain objects: plain dataclasses shared by every layer. No Qt, no SQL."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date

from kiosk.core import i18n, medicines
from kiosk.core.i18n import C_, N_, ByLanguage

# The sections of every handout, in reading order. The key is what the source files use.
SECTION_KEYS: tuple[str, ...] = (
    "what_it_is",
    "why",
    "prepare",
    "during",
    "after",
    "activity",
    "call_clinic",
    "emergency",
    "follow_up",
)

# Section headings: msgids in the gettext catalogues (kiosk.core.i18n); SECTION_TITLES[lang][key].
SECTION_MESSAGES: dict[str, str] = {
    "what_it_is": N_("What it is"),
    "why": N_("Why it is done"),
    "prepare": N_("How to get ready"),
    "during": N_("What happens during it"),
    "after": N_("After: at home"),
    "activity": N_("Activity"),
    "call_clinic": N_("When to call us"),
    "emergency": N_("Call 911 or go to the emergency room if"),
    "follow_up": N_("Follow-up"),
}
SECTION_TITLES = ByLanguage(SECTION_MESSAGES)

# Body regions a handout can belong to (the body map's regions).
REGIONS: tuple[str, ...] = (
    "head",
    "neck",
    "shoulder",
    "upper_back",
    "low_back",
    "buttock_hip",
    "knee",
)

REGION_MESSAGES: dict[str, str] = {
    "head": C_("body region", "Head"),
    "neck": C_("body region", "Neck"),
    "shoulder": C_("body region", "Shoulder"),
    "upper_back": C_("body region", "Upper back"),
    "low_back": C_("body region", "Low back"),
    "buttock_hip": C_("body region", "Buttock and hip"),
    "knee": C_("body region", "Knee"),
}
REGION_NAMES = ByLanguage(REGION_MESSAGES)

# The kiosk's languages: resources/locale/languages.toml, read by kiosk.core.i18n (the one table).
LANGUAGES: tuple[str, ...] = i18n.LANGUAGES

REVIEW_STATUSES: tuple[str, ...] = ("needs clinical review", "reviewed")


def normalise(text: str) -> str:
    """NFC-normalise text and unify line endings; every text that enters the domain goes through here."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


@dataclass(frozen=True)
class Review:
    written_by: str
    reviewed_by: str = ""
    review_date: date | None = None
    review_due: date | None = None

    @property
    def status(self) -> str:
        """Honest review state: a handout counts as reviewed only when a clinician is named with a date."""
        if self.reviewed_by.strip() and self.review_date is not None:
            return "reviewed"
        return "needs clinical review"

    def overdue(self, today: date) -> bool:
        return self.review_due is not None and self.review_due < today


DRAWING_FILE_RE = r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}\.(?:svg|png)$"  # a plain file name beside the handout file


@dataclass(frozen=True)
class OwnDrawing:
    """An admin's own drawing for a handout, shown instead of the bundled one (resources/drawings/).

    `file`: its plain file name in a content pack (beside the handout files); `alt`: what it shows, in the
    handout's language (read by Listen and screen readers); `data`: the picture's bytes (PNG or SVG), checked by
    kiosk.core.pictures.check_picture at every door, empty only while a pack's file has not been read yet."""

    file: str
    alt: str
    data: bytes = b""

    @property
    def suffix(self) -> str:
        return "." + self.file.rsplit(".", 1)[-1].lower() if "." in self.file else ""

    @staticmethod
    def name_for(slug: str, data: bytes, suffix: str) -> str:
        """The file name a drawing gets in an exported pack: the slug and a digest of its bytes, so that the
        English and Spanish files share one file and a changed drawing never overwrites another."""
        import hashlib

        return f"{slug}-drawing-{hashlib.sha256(data).hexdigest()[:10]}{suffix}"


@dataclass(frozen=True)
class Handout:
    """One procedure in one language, as written in a source file."""

    slug: str
    language: str
    title: str
    summary: str
    regions: tuple[str, ...]
    keywords: tuple[str, ...]
    duration: str
    sections: dict[str, str]
    review: Review
    icon: str = "injection"
    diagnostic: bool = False
    do: tuple[str, ...] = ()
    dont: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    # Procedure families whose warning-sign sets the call_clinic and emergency lists must carry
    # (resources/content/warning_sets.toml); the every-handout sets apply whatever this says.
    families: tuple[str, ...] = ()
    # Optional "Questions to ask" list: one plain question per item, printed when present.
    questions: tuple[str, ...] = ()
    # An admin's own drawing ([drawing] in the source file); None: the bundled drawing for the slug.
    drawing: OwnDrawing | None = None

    def section(self, key: str) -> str:
        """A section's text. "questions" (kept as a list, `questions`) comes back in the same list-text shape as
        the list sections ("- " lines), so a renderer treats it like any other list section."""
        if key == "questions" and not self.sections.get(key):
            return "\n".join("- " + " ".join(q.split()) for q in self.questions)
        return self.sections.get(key, "")

    def with_changes(self, **changes) -> "Handout":
        return replace(self, **changes)

    def searchable_text(self) -> str:
        return "\n".join([self.summary, *(self.sections.get(k, "") for k in SECTION_KEYS)])


@dataclass(frozen=True)
class HandoutVersion:
    """A stored version of a handout: drafts can change, published versions never do."""

    handout: Handout
    version: int
    state: str  # "draft" | "published"
    created_by: str
    created_at: str
    status: str = "published"  # the handout's library status: draft | published | retired


@dataclass(frozen=True)
class ClinicSettings:
    name: str = "Pain Clinic"
    address: str = ""
    phone: str = ""
    after_hours_phone: str = ""
    web_address: str = ""
    logo_path: str = ""
    paper_size: str = "letter"  # letter | a4
    default_language: str = "en"
    languages: tuple[str, ...] = ("en", "es")
    default_text_size: int = 0  # 0, 1, 2
    default_theme: str = "default"  # default | high_contrast
    idle_seconds: int = 90
    idle_countdown_seconds: int = 20
    staff_signout_seconds: int = 120
    default_printer: str = ""
    print_backend: str = "cups"  # cups | qt | folder
    print_folder: str = ""
    # Folders "Save as PDF" may write into (a USB stick's mount point, a network share), chosen by an admin;
    # a nurse never browses for one. Checked by kiosk.printing.save.folder_problems.
    save_folders: tuple[str, ...] = ()
    reading_grade_target: float = 6.0
    spanish_reading_target: float = 70.0
    keep_printed_copies: bool = False
    keep_copies_days: int = 30
    medications: tuple[str, ...] = (
        "Local anesthetic (numbing medicine)",
        "Steroid",
    )
    physicians: tuple[str, ...] = ()
    smart_phrases: tuple[str, ...] = ()
    # The blood sugar (mg/dL) above which a patient with diabetes calls after a steroid; set by the clinic's
    # protocol. kiosk.core.aftercare.sugar_threshold_problem() gives the allowed range.
    sugar_call_above: int = 300


@dataclass(frozen=True)
class DischargeDetails:
    """What a nurse fills in for one patient's aftercare sheet. Never stored unless an admin allows it."""

    procedure_date: date
    patient_name: str = ""
    side: str = "na"  # left | right | both | na
    sites: str = ""
    medications: tuple[str, ...] = ()
    sedation: bool = False
    diabetic: bool = False
    blood_thinner: str = ""  # when to restart it, as the nurse wrote it ("" = ask the prescriber)
    takes_blood_thinner: bool = False
    follow_up: str = ""
    physician: str = ""
    nurse: str = ""
    notes: str = ""
    language: str = "en"
    large_print: bool = False
    pain_diary: bool | None = None  # None: the handout's default (on for diagnostic blocks)
    injection_time: str = ""  # "HH:MM" (24-hour) when the shot was given: fills the pain diary's clock times
    # The nurse's answer to "Is this a steroid?" for medicines the catalogue does not know (None: not asked).
    unlisted_is_steroid: bool | None = None

    @property
    def steroid_given(self) -> bool:
        """A corticosteroid was given: by the medicines catalogue's class, or by the nurse's answer for a
        medicine it does not know (kiosk.core.medicines)."""
        return medicines.steroid_given(self.medications, self.unlisted_is_steroid)

    @property
    def blood_thinner_box(self) -> bool:
        """The sheet has a blood-thinner box: the tick is on, or a restart line was written."""
        return self.takes_blood_thinner or bool(self.blood_thinner.strip())


@dataclass(frozen=True)
class StaffMember:
    name: str
    role: str  # nurse | admin
    disabled: bool = False
    failed_attempts: int = 0
    locked_until: float = 0.0
    id: int = 0
    language: str = "en"  # the staff and admin screens' language for this member (kiosk.core.i18n.LANGUAGES)


@dataclass(frozen=True)
class Problem:
    """One problem found in a handout file or a handout: reported as FILE:LINE: message."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class SearchHit:
    slug: str
    language: str
    title: str
    summary: str
    icon: str = "injection"
    regions: tuple[str, ...] = field(default_factory=tuple)
