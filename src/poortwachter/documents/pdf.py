"""The one page setup of every PDF Poortwachter makes (own-data export, re-integration
report and UWV form, statistics report, the employee's copy of the medical file): A4,
DejaVu Sans (vendored in ``documents/fonts`` so every name prints), Dutch metadata, and a
footer with the creation time (local) and "page x of y"."""

import datetime as dt
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVuSans"


class PoortwachterPdf(FPDF):
    def __init__(self, *, title: str, generated_at: dt.datetime) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.generated_at = generated_at
        self.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
        self.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
        self.set_font(FAMILY, size=9)
        self.set_auto_page_break(auto=True, margin=18)
        self.set_lang("nl")
        self.set_title(title)
        self.set_creator("Poortwachter")
        self.set_creation_date(generated_at)

    def title_page(self, title: str) -> None:
        """A new page that starts with the document's title."""
        self.add_page()
        self.set_font(FAMILY, "B", 16)
        self.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
        self.set_font(FAMILY, size=9)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FAMILY, size=7)
        when = f"{timezone.localtime(self.generated_at):%d-%m-%Y %H:%M}"
        self.cell(0, 5, _("Aangemaakt op %(when)s") % {"when": when}, align="L")
        self.set_x(self.l_margin)
        page = _("Pagina %(page)s van %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, page, align="R")  # fpdf2 restores the body's font after this
