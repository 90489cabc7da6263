"""What the sheet says, in order: the flowables between the page header and footer.

Every piece of text from outside this package goes through `self.text()` (clean: NFC, missing glyphs
replaced and recorded) and is escaped before it becomes paragraph markup.
"""
from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.units import inch
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from kiosk.content import drawings
from kiosk.core.model import SECTION_TITLES, ClinicSettings, DischargeDetails, Handout
from kiosk.sheet import flowables as fl
from kiosk.sheet import labels as lb
from kiosk.sheet import pictures
from kiosk.sheet import text as tx
from kiosk.sheet import vector
from kiosk.sheet.styles import ALARM_RULE, RULE, TINT, WARN_RULE, WARN_TINT, Sizes

CHECKBOX = "\u2610"  # ☐
BULLET = "\u2022"  # •


class StoryBuilder:
    def __init__(
        self,
        handout: Handout,
        settings: ClinicSettings,
        details: DischargeDetails,
        styles,
        sizes: Sizes,
        cleaner: tx.Cleaner,
        width: float,
        height: float,
    ):
        self.handout = handout
        self.settings = settings
        self.details = details
        self.styles = styles
        self.sizes = sizes
        self.cleaner = cleaner
        self.width = width
        self.page_height = height
        self.lang = lb.language(handout.language)
        self.labels = lb.labels(self.lang)
        self.notices: list[str] = []  # problems worth telling the nurse (never quoting typed text)

    # -- helpers -----------------------------------------------------------------------------------------

    def text(self, value: str) -> str:
        return self.cleaner.clean(value)

    def label(self, key: str, **values: str) -> str:
        """One of our own labels as markup; values (which may be typed text) are cleaned and escaped."""
        cleaned = {k: tx.inline(self.text(v)) for k, v in values.items()}
        return escape(self.labels[key]).format(**cleaned)

    def para(self, markup: str, style: str = "Body", *, private: bool = False, **kw) -> Paragraph:
        """A paragraph. Markup that is the same on every sheet (labels, handout text, clinic settings) is parsed
        once per process; `private` text (what was typed for this patient) is never kept after the sheet."""
        style_obj = self.styles[style]
        if private:
            return Paragraph(markup, style_obj, **kw)
        return fl.SharedParagraph(markup, style_obj, **kw)

    def heading(self, markup: str, style: str = "Heading") -> Paragraph:
        return self.para(markup, style)

    def bullet(self, markup: str, mark: str = BULLET, style: str = "Bullet") -> Paragraph:
        return self.para(markup, style, bulletText=mark)

    def content(self, section_text: str) -> list:
        """A handout section: paragraphs and bulleted list items."""
        out = []
        for kind, markup in tx.content_blocks(self.text(section_text)):
            out.append(self.bullet(markup) if kind == "li" else self.para(markup))
        return out

    def typed(self, value: str, style: str = "Notes") -> list:
        """Text a person typed: line breaks, blank lines and spacing kept as typed."""
        out = []
        for blank_lines, markup in tx.typed_blocks(self.text(value)):
            if blank_lines:
                out.append(Spacer(1, blank_lines * self.sizes.leading))
            out.append(self.para(markup, style, private=True))
        return out

    def detail(self, key: str, value: str):
        markup = f"<b>{escape(self.labels[key])}:</b> {tx.inline(self.text(value))}"
        return self.para(markup, "Detail", private=True)

    # -- the sheet, top to bottom ------------------------------------------------------------------------

    def build(self) -> list:
        story = []
        story += self.header()
        story += self.patient_block()
        story += self.conditional_blocks()
        story += self.section("expect", self.handout.section("after"))
        story += self.checklist("do", self.handout.do)
        story += self.checklist("dont", self.handout.dont)
        story += self.call_box()
        story += self.emergency_box()
        story += self.follow_up()
        story += self.notes()
        story += self.pain_diary()
        story += self.teach_back()
        return story

    def header(self) -> list:
        """Logo, clinic name, address and numbers, the QR code at the right; then the sheet's title."""
        s = self.settings
        info = [self.para(tx.inline(self.text(s.name)), "ClinicName")]
        if s.address.strip():
            info.append(self.para(tx.inline(self.text(s.address)), "ClinicLine"))
        if s.phone.strip():
            info.append(self.para(self.label("phone", phone=s.phone), "ClinicLine"))
        if s.after_hours_phone.strip():
            info.append(self.para(self.label("after_hours", phone=s.after_hours_phone), "ClinicLine"))
        address = s.web_address.strip()
        if address:
            info.append(self.para(tx.inline(self.text(address)), "ClinicLine"))
        cells, widths = [], []
        picture = pictures.logo(s.logo_path)
        if picture is not None:
            cells.append(picture.flowable())
            widths.append(picture.width + 14)
        cells.append(info)
        widths.append(0)
        modules = self.qr_modules(address) if address else None
        if modules:
            size = (1.0 if self.sizes.body < 18 else 1.3) * inch
            cells.append([pictures.QrCode(modules, size), self.para(escape(self.labels["qr"]), "QrCaption")])
            widths.append(size + 10)
        widths[widths.index(0)] = self.width - sum(widths)
        block = [fl.row(cells, widths)] if len(cells) > 1 else info
        title = self.para(self.label("title", title=self.handout.title), "Title")
        return [*block, Spacer(1, 4), fl.Rule(self.width, 2.5, RULE), title]

    def qr_modules(self, address: str):
        try:
            return pictures.qr_modules(address)
        except ValueError:
            self.notices.append("The clinic's web address is too long for a QR code; the sheet has none.")
            return None

    def patient_block(self) -> list:
        d = self.details
        rows = []
        if d.patient_name.strip():
            rows.append(self.detail("patient", d.patient_name))
        rows.append(self.detail("procedure_date", lb.format_date(d.procedure_date, self.lang)))
        side = lb.side(d.side, self.lang)
        if side:
            rows.append(self.detail("side", side))
        if d.sites.strip():
            rows.append(self.detail("sites", d.sites))
        medications = [m for m in d.medications if m.strip()]
        if medications:
            rows.append(self.detail("medications", ", ".join(medications)))
        if d.physician.strip():
            rows.append(self.detail("physician", d.physician))
        if d.nurse.strip():
            rows.append(self.detail("nurse", d.nurse))
        block = fl.Box(rows, stroke=None, fill=TINT, padding=self.sizes.body * 0.8, page_height=self.page_height)
        picture = self.drawing()
        if picture is None:
            return [block]
        if self.sizes.body >= 18:
            # Large print: the drawing (labels at 18 pt, 14 cm wide) goes under the details, which stay first for
            # the nurse. It adds one page to 17 of the 24 bundled large-print sheets; standard sheets gain none.
            picture.hAlign = "CENTER"
            return [block, Spacer(1, self.sizes.leading * 0.5), picture]
        gap = 12
        return [fl.row([block, picture], [self.width - picture.width - gap, picture.width + gap])]

    def drawing(self):
        """The procedure's drawing (vector, labels in the sheet's language) to sit beside the details, or None
        when the procedure has none; a drawing that cannot be read is left out with a notice, never an error."""
        picture = drawings.for_handout(self.handout.slug)
        if picture is None:
            return None
        try:
            art = vector.drawing(picture, self.lang, min(self.width, vector.width_for(picture, self.sizes.body)))
        except Exception:  # noqa: BLE001 - a broken drawing must never stop a sheet from printing
            self.notices.append("The procedure drawing could not be read; the sheet has none.")
            return None
        art.hAlign = "RIGHT"
        return art

    def box(self, title: str, body: list, picto: str = "", **look) -> fl.Box:
        """A titled box; when it runs onto the next page, that part opens with "title (continued)"."""
        more = f"{title} {escape(self.labels['continued'])}"
        return fl.Box(
            [*(self.titled(title, picto) if picto else [self.heading(title, "BoxHeading")]), *body],
            padding=self.sizes.body * 0.8,
            page_height=self.page_height,
            continued=lambda: self.heading(more, "BoxHeading"),
            **look,
        )

    def _warning_box(self, title_key: str, body: list) -> fl.Box:
        return self.box(escape(self.labels[title_key]), body, stroke=WARN_RULE, stroke_width=1.2, fill=WARN_TINT,
                        rule_left=5)

    def conditional_blocks(self) -> list:
        """Only the blocks that apply to this patient, most urgent first."""
        d, L = self.details, self.labels
        blocks = []
        if d.sedation:
            items = [self.bullet(escape(L[f"sedation_{i}"])) for i in (1, 2, 3)]
            blocks.append(self._warning_box("sedation_title", items))
        if d.blood_thinner.strip():
            body = [self.para(escape(L["thinner_1"]), "Body"), *self.typed(d.blood_thinner, "Strong")]
            blocks.append(self._warning_box("thinner_title", body))
        if d.steroid_given and d.diabetic:
            items = [self.bullet(escape(L[f"diabetic_{i}"])) for i in (1, 2)]
            blocks.append(self._warning_box("diabetic_title", items))
        if d.steroid_given:
            body = [
                self.para(escape(L["steroid_intro"]), "Body"),
                *(self.bullet(escape(L[f"steroid_{i}"])) for i in (1, 2, 3)),
                self.para(escape(L["steroid_end"]), "Body"),
            ]
            blocks.append(self._warning_box("steroid_title", body))
        out = []
        for block in blocks:
            out += [Spacer(1, self.sizes.leading * 0.5), block]
        return out

    def section(self, label_key: str, section_text: str) -> list:
        body = self.content(section_text)
        if not body:
            return []
        return [self.heading(escape(self.labels[label_key])), *body]

    def checklist(self, key: str, entries: tuple[str, ...]) -> list:
        """The do or don't list; a line that a pictogram fits gets it at its left (kiosk.content.drawings)."""
        entries = [e for e in entries if e.strip()]
        rows = [self.bullet(tx.inline(self.text(e)), CHECKBOX, "Check") for e in entries]
        if not rows:
            return []
        icons = [self.pictogram(drawings.pictogram_for(e, key, self.lang)) for e in entries]
        if not any(icons):
            return [self.heading(escape(self.labels[key])), *rows]
        side = self.pictogram_size() + 6
        blank = Spacer(side, 1)
        table = fl.row_list([[icon or blank, row] for icon, row in zip(icons, rows)], [side, self.width - side])
        return [self.heading(escape(self.labels[key])), table]

    def pictogram_size(self) -> float:
        return self.sizes.leading  # one line of text: a line with a pictogram is no taller than without

    def pictogram(self, picture, size: float | None = None):
        """A pictogram as a small vector drawing, or None (no pictogram, or it cannot be read)."""
        if picture is None:
            return None
        try:
            return vector.drawing(picture, self.lang, size or self.pictogram_size())
        except Exception:  # noqa: BLE001 - a broken pictogram must never stop a sheet from printing
            self.notices.append("A pictogram could not be read; the sheet has none there.")
            return None

    def titled(self, title: str, name: str) -> list:
        """A box title with its pictogram (call the clinic, call 911) at the left, when it can be drawn."""
        heading = self.heading(title, "BoxHeading")
        icon = self.pictogram(drawings.pictogram(name))
        if icon is None:
            return [heading]
        side = self.pictogram_size() + 6
        return [fl.row([icon, heading], [side, self.width - side - 4 * self.sizes.body])]

    def _list_or_default(self, key: str, default: tuple[str, ...]) -> list:
        items = tx.items(self.text(self.handout.section(key)))
        if not items:
            items = [escape(self.text(line)) for line in default]
        return [self.bullet(m) for m in items]

    def call_box(self) -> list:
        """The numbers come first, under the title, so that they stay with it if the list runs over a page."""
        s = self.settings
        body = []
        if s.phone.strip():
            body.append(self.para(self.label("call_clinic", phone=s.phone), "Phone"))
        if s.after_hours_phone.strip():
            body.append(self.para(self.label("call_after_hours", phone=s.after_hours_phone), "Phone"))
        body += self._list_or_default("call_clinic", lb.DEFAULT_CALL[self.lang])
        box = self.box(escape(self.labels["call_title"]), body, picto="call_clinic", stroke=RULE, stroke_width=2)
        return [Spacer(1, self.sizes.leading), box]

    def emergency_box(self) -> list:
        body = self._list_or_default("emergency", lb.DEFAULT_EMERGENCY[self.lang])
        # The emergency list stays in one piece unless it cannot fit on any page.
        box = self.box(escape(SECTION_TITLES[self.lang]["emergency"]), body, picto="call_911", stroke=ALARM_RULE,
                       stroke_width=3.5, small=1.0)
        return [Spacer(1, self.sizes.leading * 0.6), box]

    def follow_up(self) -> list:
        """The appointment as the nurse wrote it; the handout's general advice only when none was given."""
        if self.details.follow_up.strip():
            body = self.typed(self.details.follow_up, "Strong")
        else:
            body = self.content(self.handout.section("follow_up"))
        if not body:
            return []
        return [self.heading(escape(self.labels["follow_up"])), *body]

    def notes(self) -> list:
        if not self.details.notes.strip():
            return []
        return [self.heading(escape(self.labels["notes"])), *self.typed(self.details.notes)]

    def wants_pain_diary(self) -> bool:
        chosen = self.details.pain_diary
        return self.handout.diagnostic if chosen is None else bool(chosen)

    def pain_diary(self) -> list:
        if not self.wants_pain_diary():
            return []
        L = self.labels
        head = [self.para(escape(L[k]), "TableHead") for k in ("diary_time", "diary_clock", "diary_pain",
                                                                 "diary_better")]
        times = [L["diary_before"], *L["diary_rows"].split("|")]
        rows = [head] + [[self.para(escape(t), "TableCell"), "", "", ""] for t in times]
        first = self.width * 0.37
        rest = (self.width - first) / 3
        table = fl.checkbox_table(rows, [first, rest, rest, rest], font_size=self.sizes.body)
        pain_scale = drawings.pictogram("pain_scale")
        width = vector.width_for(pain_scale, self.sizes.body) if pain_scale else 0
        scale = self.pictogram(pain_scale, min(self.width, width))
        if scale is not None:
            scale.hAlign = "LEFT"
        # The grid is short: it stays on one page with its title, how-to and scale (moving whole if need be).
        return [KeepTogether([self.heading(escape(L["diary_title"])), self.para(escape(L["diary_howto"])),
                              *([scale, Spacer(1, self.sizes.leading * 0.4)] if scale is not None else []), table])]

    def teach_back(self) -> list:
        L = self.labels
        box = self.sizes.body * 4.2
        initials = fl.initials_table(
            self.para(escape(L["patient_initials"]), "Label"),
            self.para(escape(L["nurse_initials"]), "Label"),
            self.width,
            box,
        )
        return [
            Spacer(1, self.sizes.leading),
            KeepTogether([fl.Rule(self.width, 1, RULE), Spacer(1, self.sizes.leading * 0.5),
                          self.para(escape(L["teach_back"]), "Strong"), initials]),
        ]
