"""The printable statistics report (fpdf2, DejaVu Sans as in ``privacy.own_data_pdf``).
It draws the same tables as the CSV and XLSX exports, from the same suppressed report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.formats import localize
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from poortwachter.documents.pdf import FAMILY, PoortwachterPdf
from poortwachter.statistics.exports import sections
from poortwachter.statistics.selectors import Report

HEADINGS = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))


def render_pdf(report: Report, *, generated_at: dt.datetime) -> bytes:
    pdf = PoortwachterPdf(title=_("Verzuimstatistiek"), generated_at=generated_at)
    pdf.title_page(_("Verzuimstatistiek"))
    intro = _(
        "Berekend volgens de standaard voor verzuimregistratie (1996). Groepen kleiner dan "
        "%(k)d werknemers worden niet getoond (onderdrukt), en ook een tweede groep als de "
        "eerste anders uit het totaal terug te rekenen is. Dit rapport bevat geen medische "
        "gegevens."
    ) % {"k": report.min_group}
    pdf.multi_cell(0, 5, intro, new_x="LMARGIN", new_y="NEXT")
    if report.suppressed:
        pdf.ln(2)
        pdf.multi_cell(0, 5, _suppressed_text(report), new_x="LMARGIN", new_y="NEXT")
    for title, headings, rows in sections(report):
        pdf.ln(3)
        pdf.set_font(FAMILY, "B", 11)
        pdf.multi_cell(0, 6, title, new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, size=8)
        _table(pdf, headings, rows)
    return bytes(pdf.output())


def _suppressed_text(report: Report) -> str:
    return _(
        "Deze groep is te klein (minder dan %(k)d werknemers) of zou uit andere cijfers "
        "terug te rekenen zijn: de cijfers worden niet getoond."
    ) % {"k": report.min_group}


def _table(pdf: FPDF, headings: list[str], rows: list[list[Any]]) -> None:
    if not rows:
        pdf.multi_cell(0, 5, "–", new_x="LMARGIN", new_y="NEXT")
        return
    style = {"text_align": "LEFT", "borders_layout": "HORIZONTAL_LINES",
             "line_height": pdf.font_size * 1.4, "padding": (0.8, 1.2)}  # fmt: skip
    with pdf.table(headings_style=HEADINGS, **style) as table:
        table.row(list(headings))
        for values in rows:
            table.row(["" if v is None else str(localize(v)) for v in values])
