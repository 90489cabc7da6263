"""What the sheet says, in order: the flowables between the page header and footer.

Every piece of text from outside this package goes through `self.text()` (clean: NFC, missing glyphs
replaced and recorded) and is escaped before it becomes paragraph markup.
"""
from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer

from kiosk.core import aftercare, medicines
from kiosk.core.sections import ITEM, blocks
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
NBSP = "\u00a0"
KEY_DO_ITEMS = 2  # how many of the handout's "do" items the key points repeat
KEY_ITEMS = 3  # at most this many things to do: this patient's own first, then the handout's
KEY_ITEMS_LARGE = 2  # large print: the Do list a page later repeats the handout's; its lines cost 2.25 times
KEY_911_ITEMS = 3  # how many of its emergency signs
# The pain diary's rows after "before the injection": minutes after the shot (None: the next day).
DIARY_OFFSETS: tuple[int | None, ...] = (30, 60, 120, 240, 360, 480, None)
LOG_DAYS = 14
# Handout text that asks the patient to write down their pain every day: those sheets get the 14-day log.
DAILY_WORDS = {"en": (("each day", "every day", "daily"), ("write", "pain diary", "log")),
               "es": (("cada día", "todos los días", "diario"), ("anote", "escriba", "diario"))}

# What a patient-specific box already says, so that the handout's Do, Don't, Activity and "What to expect" need not
# say it again beside it (a repeated line at 18 pt costs 27 pt or more). Each pattern matches a whole sentence
# (lower case, spaces collapsed, no final period): a sentence that says anything more, or anything else, never
# matches and stays. Keyed by the box that covers it: "sedation" (24 hours, no driving) and "steroid" (its line
# "if you have diabetes: ... up to 2 weeks. Check it more often", printed whenever a steroid was given).
COVERED_BY_BOX: dict[str, dict[str, tuple[str, ...]]] = {
    "sedation": {  # a rule that ends within the box's 24 hours; a bare "Do not drive" (until when?) stays
        "en": (r"(no driving|do not drive)( for the rest of the day| today)(,? or for 24 hours if you had sedation)?",
               r"(no driving|do not drive) for 24 hours( if you had sedation)?",
               r"if you had sedation( \(medicine to relax you\))?, do not drive for 24 hours"),
        "es": (r"no maneje( el resto del día| hoy)(,? o por 24 horas si le dieron sedación)?",
               r"no maneje por 24 horas( si le dieron sedación)?",
               r"si le dieron sedación( \(medicina para relajarse\))?, no maneje por 24 horas"),
    },
    "steroid": {
        "en": (r"(if you have diabetes, )?check your blood sugar more often for up to 2 weeks"
               r"( if you have diabetes)?",),
        "es": (r"(si tiene diabetes, )?mida su azúcar más seguido hasta por 2 semanas( si tiene diabetes)?",),
    },
}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def covered_by(sentence: str, boxes: set[str], language: str) -> bool:
    """Whether all of `sentence` (plain text) says what one of the printed `boxes` ("sedation", "steroid") says."""
    plain = " ".join(sentence.lower().split()).rstrip(".").strip()
    return any(re.fullmatch(pattern, plain) for box in boxes
               for pattern in COVERED_BY_BOX.get(box, {}).get(language, ()))


def without_covered(text: str, boxes: set[str], language: str) -> str:
    """Section text (paragraphs and "- " items) less every sentence a printed box already says; a paragraph or
    item left with no sentence goes too. Text with nothing covered comes back unchanged."""
    if not boxes or not text.strip():
        return text
    return _without_sentences(text, lambda sentence: covered_by(sentence, boxes, language))


def _without_sentences(text: str, said_elsewhere) -> str:
    """TEXT (paragraphs and "- " items) less every sentence for which SAID_ELSEWHERE(sentence) is true; a
    paragraph or item left with no sentence goes too. Text with nothing left out comes back unchanged."""
    out, changed = [], False
    for block in blocks(text):
        kept = [s for s in _SENTENCE_END.split(block.text) if s.strip()]
        left = [s for s in kept if not said_elsewhere(s)]
        changed |= len(left) != len(kept)
        if left:
            out.append(("- " if block.kind == ITEM else "") + " ".join(left))
    return "\n\n".join(out) if changed else text

# Large print: a sentence of Activity or What to expect whose every word (less these small ones) is in one line of
# the Do or Don't list, with the same "no"/"not", is left out there: the list prints it as a line to tick.
SMALL_WORDS = {
    "en": {"a", "an", "the", "you", "your", "can", "may", "to", "for", "of", "on", "in", "at", "it", "is", "be",
           "do", "and", "or", "as", "this", "that", "will", "so", "if"},
    "es": {"el", "la", "los", "las", "un", "una", "de", "del", "a", "al", "en", "por", "para", "con", "su", "sus",
           "usted", "puede", "que", "y", "o", "se", "le", "lo", "es"},
}
NEGATIONS = {"en": {"no", "not", "don't", "never", "avoid"}, "es": {"no", "nunca", "ni", "evite"}}
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def _words(sentence: str, language: str) -> tuple[set[str], bool]:
    """A sentence's words that carry meaning, and whether it says "no" or "not"."""
    words = set(_WORD.findall(sentence.lower().replace("’", "'")))
    negated = bool(words & NEGATIONS.get(language, NEGATIONS["en"]))
    return words - SMALL_WORDS.get(language, SMALL_WORDS["en"]) - NEGATIONS.get(language, set()), negated


def said_by_list(sentence: str, lines: tuple[str, ...], language: str) -> bool:
    """Whether one of the Do/Don't `lines` says all of `sentence`: each of its meaningful words, numbers included,
    is in that one line, and both say "no" or "not" or neither does. Anything more in the sentence keeps it."""
    words, negated = _words(sentence, language)
    if not words:
        return False
    for line in lines:
        for part in _SENTENCE_END.split(line):
            theirs, their_negation = _words(part, language)
            if negated == their_negation and words <= theirs:
                return True
    return False


def without_listed(text: str, lines: tuple[str, ...], language: str) -> str:
    """Section text less every sentence a Do or Don't line already says (said_by_list); unchanged if none."""
    if not lines or not text.strip():
        return text
    return _without_sentences(text, lambda sentence: said_by_list(sentence, lines, language))


def unbroken(text: str) -> str:
    """A phone number or similar whose spaces must never become a line break."""
    return " ".join(text.split()).replace(" ", NBSP)


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
        self.large = sizes.body >= 18
        self.notices: list[str] = []  # problems worth telling the nurse (never quoting typed text)

    # -- helpers -----------------------------------------------------------------------------------------

    def boxes(self) -> set[str]:
        """The patient-specific boxes this sheet prints whose words COVERED_BY_BOX knows."""
        d = self.details
        return {name for name, printed in (("sedation", d.sedation), ("steroid", d.steroid_given)) if printed}

    def handout_text(self, key: str) -> str:
        """A handout section without the sentences a printed box already says (COVERED_BY_BOX), and in large print
        without those a Do or Don't line says (said_by_list)."""
        text = without_covered(self.handout.section(key), self.boxes(), self.lang)
        if self.large:
            text = without_listed(text, (*self.handout_list(self.handout.do),
                                         *self.handout_list(self.handout.dont)), self.lang)
        return text

    def handout_list(self, entries: tuple[str, ...]) -> tuple[str, ...]:
        """The Do or Don't list without the lines a printed box already says in full."""
        boxes = self.boxes()
        return tuple(e for e in entries if e.strip() and without_covered(e, boxes, self.lang).strip())

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
        """Text a person typed: line breaks, blank lines and spacing kept as typed; lines written as "* item" or
        "- item" print as a bulleted list."""
        out = []
        for blank_lines, kind, markup in tx.typed_items(self.text(value)):
            if blank_lines:
                out.append(Spacer(1, blank_lines * self.sizes.leading))
            if kind == "li":
                item = f"<b>{markup}</b>" if style == "Strong" else markup
                out.append(self.para(item, "Bullet", private=True, bulletText=BULLET))
            else:
                out.append(self.para(markup, style, private=True))
        return out

    def detail(self, key: str, value: str, *more: tuple[str, str]):
        """One line of the patient box: "Label: value", and any further (label, value) pairs after it."""
        parts = [(key, value), *more]
        markup = "   ".join(f"<b>{escape(self.labels[k])}:</b> {tx.inline(self.text(v))}" for k, v in parts)
        return self.para(markup, "Detail", private=True)

    # -- the sheet, top to bottom ------------------------------------------------------------------------

    def build(self) -> list:
        story = []
        story += self.header()
        story += self.patient_block()
        story += self.key_points()
        story += self.large_print_drawing()
        story += self.conditional_blocks()
        story += self.section("about", self.handout.summary) if not self.large else []  # see moved_line
        # Do, Don't, Activity and What to expect leave out a sentence that a box printed above already says.
        story += self.section("expect", self.handout_text("after"))
        story += self.section("activity", self.handout_text("activity"))
        story += self.checklist("do", self.handout_list(self.handout.do))
        story += self.checklist("dont", self.handout_list(self.handout.dont))
        story += self.call_box()
        story += self.emergency_box()
        story += self.follow_up()
        story += self.section("questions", self.handout.section("questions")) if not self.large else []
        story += self.moved_line()
        # The sign-off never stands alone on a page: it keeps with the notes (all of them, when they fit on a
        # page) or else the last thing before it. The diaries come after it: they are filled in at home, and a
        # grid is too tall to share a page with it for sure.
        last = self.notes()
        if not last:
            last = [story.pop()]
            while story and getattr(story[-1], "getKeepWithNext", lambda: False)():
                last.insert(0, story.pop())  # its heading comes too (nested keep-togethers would split)
        story += self.teach_back(last)
        story += self.pain_diary()
        story += self.pain_log()
        return story

    def header(self) -> list:
        """Logo, clinic name, address and numbers, the QR code at the right; then the sheet's title."""
        s = self.settings
        info = [self.para(tx.inline(self.text(s.name)), "ClinicName")]
        if s.address.strip():
            info.append(self.para(tx.inline(self.text(s.address)), "ClinicLine"))
        # In large print the numbers are printed once on page 1, in the key points box, to leave page 1 room
        # for the patient's details and the key points.
        if s.phone.strip() and not self.large:
            info.append(self.para(self.label("phone", phone=unbroken(s.phone)), "ClinicLine"))
        if s.after_hours_phone.strip() and not self.large:
            info.append(self.para(self.label("after_hours", phone=unbroken(s.after_hours_phone)), "ClinicLine"))
        address = s.web_address.strip()
        web = None
        if address:
            web = self.para(tx.inline(self.text(address)), "ClinicWeb")
        cells, widths = [], []
        picture = pictures.logo(s.logo_path)
        if picture is not None:
            cells.append(picture.flowable())
            widths.append(picture.width + 14)
        cells.append(info)
        widths.append(0)
        modules = self.qr_modules(address) if address else None
        if modules:
            size = 1.0 * inch
            code = pictures.QrCode(modules, size)
            # Large print leaves out the caption (two lines at 18 pt) to keep page 1 for the patient.
            cells.append([code] if self.large else [code, self.para(escape(self.labels["qr"]), "QrCaption")])
            widths.append(size + 10)
        widths[widths.index(0)] = self.width - sum(widths)
        if web is not None:
            # A web address is one long word: if the clinic column is too narrow for it, it gets a line of its
            # own under the header row instead of being cut in two.
            style = self.styles["ClinicWeb"]
            if stringWidth(address, style.fontName, style.fontSize) <= widths[cells.index(info)]:
                info.append(web)
                web = None
        block = [fl.row(cells, widths)] if len(cells) > 1 else info
        if web is not None:
            block.append(web)
        return [*block, Spacer(1, 4), fl.Rule(self.width, 2.5, RULE)]

    def qr_modules(self, address: str):
        try:
            return pictures.qr_modules(address)
        except ValueError:
            self.notices.append("The clinic's web address is too long for a QR code; the sheet has none.")
            return None

    def patient_block(self) -> list:
        """The sheet's title and the patient's details. The title keeps with the box's first line only, so a
        box that does not fit under the header never drags the title off page 1 (nor leaves the header alone)."""
        d = self.details
        rows = []
        if d.patient_name.strip():
            rows.append(self.detail("patient", d.patient_name))
        rows.append(self.detail("procedure_date", lb.format_date(d.procedure_date, self.lang)))
        # Short details share a line, so the box leaves page 1 room for the key points.
        pairs = [("side", lb.side(d.side, self.lang)), ("sites", d.sites.strip())]
        pairs = [p for p in pairs if p[1]]
        if pairs:
            rows.append(self.detail(*pairs[0], *pairs[1:]))
        names = [medicines.printed_name(m, self.lang) for m in d.medications if m.strip()]
        if names:
            rows.append(self.detail("medications", ", ".join(names)))
        pairs = [p for p in (("physician", d.physician.strip()), ("nurse", d.nurse.strip())) if p[1]]
        if pairs:
            rows.append(self.detail(*pairs[0], *pairs[1:]))
        title = self.para(self.label("title", title=self.handout.title), "Title")
        box = fl.Box(rows, stroke=None, fill=TINT, padding=self.sizes.body * (0.6 if not self.large else 0.45),
                     page_height=self.page_height, small=1.0)
        picture = None if self.large else self.drawing()
        if picture is None:  # large print: the drawing follows the key points (large_print_drawing)
            return [title, box]
        gap = 12
        return [title, fl.row([box, [self.drawing_caption(), picture]],
                              [self.width - picture.width - gap, picture.width + gap])]

    def large_print_drawing(self) -> list:
        """Large print: the drawing (labels at 18 pt, 14 cm wide) after page 1's patient details and key points,
        which must stay on page 1."""
        if not self.large:
            return []
        picture = self.drawing()
        if picture is None:
            return []
        picture.hAlign = "CENTER"
        return [Spacer(1, self.sizes.leading * 0.5), KeepTogether([self.drawing_caption(), picture])]

    def drawing_caption(self) -> Paragraph:
        """The drawing's title (PEMAT-P item 17: visual aids have clear titles or captions)."""
        return self.para(f"<b>{escape(self.labels['drawing_caption'])}</b>", "Notes")

    def drawing(self):
        """The procedure's drawing (vector, labels in the sheet's language) to sit beside the details, or None
        when the procedure has none; a drawing that cannot be read is left out with a notice, never an error."""
        picture = drawings.of_handout(self.handout)  # the admin's own drawing when the handout has one
        if picture is None:
            return None
        try:
            art = vector.drawing(picture, self.lang, min(self.width, vector.width_for(picture, self.sizes.body)))
        except Exception:  # noqa: BLE001 - a broken drawing must never stop a sheet from printing
            self.notices.append("The procedure drawing could not be read; the sheet has none.")
            return None
        art.hAlign = "RIGHT"
        return art

    def phone_lines(self, key: str, after_key: str, style: str) -> list:
        """The clinic's numbers, never broken inside; a line to write one in when none is set (never silent)."""
        s, out = self.settings, []
        if s.phone.strip() and s.after_hours_phone.strip() and not self.large:
            # Standard print: both numbers on one line when they fit, to keep the sheet short.
            markup = (f"{self.label(key, phone=unbroken(s.phone))} · "
                      f"{self.label(after_key, phone=unbroken(s.after_hours_phone))}")
            plain = f"{self.labels[key]} {s.phone} · {self.labels[after_key]} {s.after_hours_phone}"
            st = self.styles[style]
            if stringWidth(plain, st.fontName, st.fontSize) <= self.width - 4 * self.sizes.body:
                return [self.para(markup, style)]
        if s.phone.strip():
            out.append(self.para(self.label(key, phone=unbroken(s.phone)), style))
        else:
            out.append(self.para(escape(self.labels["key_no_phone"]), style))
            problem = aftercare.clinic_phone_problem(s)
            if problem not in self.notices:
                self.notices.append(problem)
        if s.after_hours_phone.strip():
            out.append(self.para(self.label(after_key, phone=unbroken(s.after_hours_phone)), style))
        return out

    def key_points(self) -> list:
        """Page 1's summary: what to do, whom to call, when to call 911."""
        d, L = self.details, self.labels
        items = []
        if d.sedation:
            items.append(escape(L["key_sedation"]))
        if d.steroid_given and d.diabetic:
            items.append(escape(L["key_sugar"]))
        if d.blood_thinner_box:
            items.append(escape(L["key_thinner"]))
        items += [tx.inline(self.text(e)) for e in self.handout_list(self.handout.do)][:KEY_DO_ITEMS]
        # Whom to call and when to call 911 come first: if the box must run onto page 2, they stay on page 1.
        body = self.phone_lines("key_call_short" if self.large else "key_call", "key_after_hours", "Phone")
        signs = tx.items(self.text(self.handout.section("emergency")))
        if not signs:
            signs = [escape(self.text(line)) for line in lb.default_emergency(self.lang)]
        signs = [m.rstrip(".") for m in signs[:KEY_911_ITEMS]]
        body.append(self.para(escape(L["key_911"]).format(signs="; ".join(signs)), "Alarm"))
        body += [self.bullet(m, CHECKBOX, "Check") for m in items[:KEY_ITEMS_LARGE if self.large else KEY_ITEMS]]
        box = self.box(escape(L["key_title"]), body, stroke=RULE, stroke_width=1.5)
        return [Spacer(1, self.sizes.leading * 0.4), box]

    def box(self, title: str, body: list, more_after: str = "", picto: str = "", **look) -> fl.Box:
        """A titled box; when it runs onto the next page, that part opens with "title (continued)" and
        `more_after` (markup)."""
        more = f"{title} {escape(self.labels['continued'])}{more_after}"
        return fl.Box(
            [*(self.titled(title, picto) if picto else [self.heading(title, "BoxHeading")]), *body],
            padding=self.sizes.body * (0.5 if self.large else 0.8),  # large print: less paper per box
            page_height=self.page_height,
            continued=lambda: self.heading(more, "BoxHeading"),
            **look,
        )

    def _warning_box(self, title_key: str, body: list) -> fl.Box:
        # small=0: a warning box splits (politely, see fl.Box) rather than leave a gap a third of a page high.
        return self.box(escape(self.labels[title_key]), body, stroke=WARN_RULE, stroke_width=1.2, fill=WARN_TINT,
                        rule_left=5, small=0.0)

    def conditional_blocks(self) -> list:
        """Only the blocks that apply to this patient, most urgent first."""
        d, L = self.details, self.labels
        blocks = []
        if d.sedation:
            items = [self.bullet(escape(L[f"sedation_{i}"])) for i in range(1, 6)]
            blocks.append(self._warning_box("sedation_title", items))
        if d.blood_thinner_box:
            if d.blood_thinner.strip():
                body = [self.para(escape(L["thinner_1"]), "Body"), *self.typed(d.blood_thinner, "Strong")]
            else:
                body = [self.para(escape(L["thinner_ask"]), "Strong")]
            body.append(self.para(escape(L["thinner_watch"]), "Body"))
            blocks.append(self._warning_box("thinner_title", body))
        if d.steroid_given and d.diabetic:
            limit = self.settings.sugar_call_above
            if aftercare.sugar_threshold_problem(limit):
                self.notices.append("The clinic's blood sugar limit is not valid; the sheet uses 300 mg/dL.")
                limit = 300
            items = [self.bullet(escape(L[f"diabetic_{i}"]).format(limit=lb.number(limit, self.lang))) for i in (1, 2, 3)]
            blocks.append(self._warning_box("diabetic_title", items))
        if d.steroid_given:
            body = [
                self.para(escape(L["steroid_intro"]), "Body"),
                *(self.bullet(escape(L[f"steroid_{i}"])) for i in (1, 2, 3)),
                self.para(escape(L["steroid_end"]), "Body"),
                self.para(escape(L["steroid_sugar_box" if d.diabetic else "steroid_sugar"]), "Strong"),
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
        rows = [self.bullet(tx.inline(self.text(e)), CHECKBOX, "CheckKeep" if i == len(entries) - 2 else "Check")
                for i, e in enumerate(entries)]
        if not rows:
            return []
        icons = [self.pictogram(drawings.pictogram_for(e, key, self.lang)) for e in entries]
        if not any(icons):
            return [self.heading(escape(self.labels[key])), *rows]
        side = self.pictogram_size() + 6
        # One row per line, like the list without pictograms: the heading keeps with the first line only and the
        # last two lines keep together, so the list splits across pages instead of moving whole (in large print a
        # whole list left a third of a page empty).
        lines = []
        for i, (icon, row) in enumerate(zip(icons, rows)):
            line = fl.row_list([[icon or Spacer(side, 1), row]], [side, self.width - side])
            line.keepWithNext = int(i == len(rows) - 2)
            lines.append(line)
        return [self.heading(escape(self.labels[key])), *lines]

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
        title_row = fl.row([icon, heading], [side, self.width - side - 4 * self.sizes.body])
        # A title, like a heading, keeps with what follows: a box split never leaves it with one warning sign.
        title_row.keepWithNext = 1
        return [title_row]

    def _list_or_default(self, key: str, default: tuple[str, ...]) -> list:
        items = tx.items(self.text(self.handout.section(key)))
        if not items:
            items = [escape(self.text(line)) for line in default]
        return [self.bullet(m) for m in items]

    def call_box(self) -> list:
        """The numbers come first, under the title, so that they stay with it if the list runs over a page."""
        body = self.phone_lines("call_clinic", "call_after_hours", "PhoneKeep")
        body += self._list_or_default("call_clinic", lb.default_call(self.lang))
        # When it runs onto the next page, that part opens with the clinic's number again.
        phone = self.settings.phone.strip()
        more = f": {self.label('call_clinic', phone=unbroken(phone))}" if phone else ""
        box = self.box(escape(self.labels["call_title"]), body, more_after=more, picto="call_clinic", stroke=RULE,
                       stroke_width=2)
        return [Spacer(1, self.sizes.leading * 0.6), box]

    def emergency_box(self) -> list:
        body = self._list_or_default("emergency", lb.default_emergency(self.lang))
        # The emergency list stays in one piece unless it cannot fit on any page.
        box = self.box(escape(SECTION_TITLES[self.lang]["emergency"]), body, picto="call_911", stroke=ALARM_RULE,
                       stroke_width=3.5, small=1.0)
        return [Spacer(1, self.sizes.leading * 0.4), box]

    def follow_up(self) -> list:
        """The appointment as the nurse wrote it; the handout's general advice only when none was given."""
        if self.details.follow_up.strip():
            body = self.typed(self.details.follow_up, "Strong")
        else:
            body = self.content(self.handout.section("follow_up"))
        if not body:
            return []
        return [self.heading(escape(self.labels["follow_up"])), *body]

    def moved_line(self) -> list:
        """Large print leaves out "What you had" (the procedure's summary) and "Questions to ask": neither is a
        warning, and at 18 pt they cost about 400 pt, most of a page, on a sheet that must fit 5 Letter pages. One
        line says where they are (the standard-print sheet, which the nurse can print) whenever either was left out."""
        if not self.large:
            return []
        if not (self.content(self.handout.summary) or self.content(self.handout.section("questions"))):
            return []
        # Upright, not italic: an italic line would embed one more font face (about 40 KB) for one sentence.
        return [Spacer(1, self.sizes.leading * 0.3), self.para(escape(self.labels["large_moved"]), "Notes")]

    def notes(self) -> list:
        if not self.details.notes.strip():
            return []
        return [self.heading(escape(self.labels["notes"])), *self.typed(self.details.notes)]

    def wants_pain_diary(self) -> bool:
        chosen = self.details.pain_diary
        return self.handout.diagnostic if chosen is None else bool(chosen)

    def asks_daily_log(self) -> bool:
        """The handout asks the patient to write their pain down every day (and the nurse did not leave the
        diaries out)."""
        if self.details.pain_diary is False:
            return False
        when, write = DAILY_WORDS.get(self.lang, DAILY_WORDS["en"])
        texts = [*self.handout.do, *(self.handout.section(k) for k in ("after", "activity", "follow_up"))]
        for sentence in (p for t in texts for p in t.lower().replace("\n", " ").split(".")):
            if any(w in sentence for w in when) and any(w in sentence for w in write):
                return True
        return False

    def _clock(self, minutes_after: int | None) -> str:
        start = aftercare.parse_clock(self.details.injection_time)
        if start is None or minutes_after is None:
            return ""
        total = (start[0] * 60 + start[1] + minutes_after) % (24 * 60)
        hour, minute = divmod(total, 60)
        if self.lang == "es":
            return f"{hour:02d}:{minute:02d}"
        return f"{hour % 12 or 12}:{minute:02d} {'AM' if hour < 12 else 'PM'}"

    def pain_diary(self) -> list:
        """The hour-by-hour grid of a diagnostic block: clock times filled in from the injection time."""
        if not self.wants_pain_diary():
            return []
        L = self.labels
        head = [self.para(escape(L[k]), "TableHead") for k in ("diary_time", "diary_clock", "diary_pain",
                                                                 "diary_better", "diary_activity")]
        times = L["diary_rows"].split("|")
        rows = [head, [self.para(escape(L["diary_before"]), "TableCell"), "", "", "", ""]]
        for label, offset in zip(times, DIARY_OFFSETS):
            rows.append([self.para(escape(label), "TableCell"), self.para(self._clock(offset), "TableCell"),
                         "", "", ""])
        first, clock, pain, better = (self.width * f for f in (0.25, 0.15, 0.13, 0.14))
        widths = [first, clock, pain, better, self.width - first - clock - pain - better]
        table = fl.checkbox_table(rows, widths, font_size=self.sizes.body)
        start = aftercare.parse_clock(self.details.injection_time)
        when = (self.label("diary_injected", time=self._clock(0)) if start else escape(L["diary_injected_blank"]))
        pain_scale = drawings.pictogram("pain_scale")
        width = vector.width_for(pain_scale, self.sizes.body) if pain_scale else 0
        scale = self.pictogram(pain_scale, min(self.width, width))
        if scale is not None:
            scale.hAlign = "LEFT"
        # The grid is short: it stays on one page with its title, how-to and scale (moving whole if need be).
        return [KeepTogether([self.heading(escape(L["diary_title"])), self.para(escape(L["diary_howto"])),
                              *([scale, Spacer(1, self.sizes.leading * 0.4)] if scale is not None else []),
                              self.para(when, "Strong"), table])]

    def pain_log(self) -> list:
        """Fourteen days in two rows of seven: a line for the date and one for the day's pain, so it takes a
        quarter of a page rather than a whole one."""
        if not self.asks_daily_log():
            return []
        L = self.labels
        days_per_row = LOG_DAYS // 2
        rows = []
        for first in (1, 1 + days_per_row):
            rows.append([self.para(escape(L["log_day"]), "TableHead"),
                         *(self.para(str(d), "TableHead") for d in range(first, first + days_per_row))])
            rows.append([self.para(escape(L["log_date"]), "TableCell"), *[""] * days_per_row])
            rows.append([self.para(escape(L["log_pain"]), "TableCell"), *[""] * days_per_row])
        label = self.width * 0.22
        table = fl.checkbox_table(rows, [label, *[(self.width - label) / days_per_row] * days_per_row],
                                  font_size=self.sizes.body, header=False, shaded_rows=(0, 3), tight=True)
        return [KeepTogether([self.heading(escape(L["log_title"])), self.para(escape(L["log_howto"])), table])]

    def teach_back(self, last: list) -> list:
        """The teach-back request and the initials, kept on one page with `last`, the flowables before them."""
        L = self.labels
        box = self.sizes.body * 4.2
        initials = fl.initials_table(
            self.para(escape(L["patient_initials"]), "Label"),
            self.para(escape(L["nurse_initials"]), "Label"),
            self.width,
            box,
        )
        sign_off = [Spacer(1, self.sizes.leading * 0.6), fl.Rule(self.width, 1, RULE),
                    Spacer(1, self.sizes.leading * 0.3), self.para(escape(L["teach_back_ask"]), "Body"),
                    self.para(escape(L["teach_back"]), "Strong"), initials]
        # KeepTogether reports a huge height to force its own split, so one inside another always starts a new
        # page: take the inner one's content instead.
        before = [f for item in last for f in (item._content if isinstance(item, KeepTogether) else [item])]
        return [KeepTogether([*before, *sign_off])]
