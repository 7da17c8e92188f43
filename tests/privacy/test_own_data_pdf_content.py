"""The own-data PDF shows exactly what it showed before its tables were made fast
(issue 21, R-PRIV-1): ``own_data_pdf_golden.txt`` is the text of the fixed document
(``own_data_pdf_document``) as fpdf2's own table drew it, before the change. Line breaks
may fall elsewhere, and the access log's heading row repeats on every page it runs over,
so the comparison leaves out whitespace, the page footers and the repeated headings; every
other character, in order, must be the same."""

import re
from pathlib import Path

from django.utils import translation

from poortwachter.privacy.own_data_pdf import render_pdf
from tests.privacy.own_data_pdf_document import document
from tests.privacy.pdf_text import pdf_text

GOLDEN = Path(__file__).with_name("own_data_pdf_golden.txt")
LOG_HEADINGS = "WanneerHandelingUitkomstRolNaamNamensDoelSoortgegeven"


def _body(text: str) -> str:
    lines = [line for line in text.split("\n") if not line.startswith(("Aangemaakt op", "Pagina "))]
    joined = re.sub(r"\s+", "", "".join(lines))
    first = joined.index(LOG_HEADINGS) + len(LOG_HEADINGS)
    return joined[:first] + joined[first:].replace(LOG_HEADINGS, "")


def test_the_pdf_shows_the_same_text_as_before():
    with translation.override("nl"):
        text = pdf_text(render_pdf(document()))
    assert _body(text) == _body(GOLDEN.read_text())


def test_the_access_log_heading_repeats_on_every_page_it_runs_over():
    with translation.override("nl"):
        text = pdf_text(render_pdf(document()))
    pages = text.count("Pagina ")
    log_pages = re.sub(r"\s+", "", text).count(LOG_HEADINGS)
    assert pages >= 4
    assert log_pages >= 2  # the 160 events run over at least two pages, each with headings


def test_a_word_wider_than_its_column_is_broken_not_lost():
    doc = document(events=1)
    doc["employee_records"][0]["access_log"][0]["actor_name"] = "X" * 80
    with translation.override("nl"):
        text = pdf_text(render_pdf(doc))
    assert "X" * 80 in re.sub(r"\s+", "", text)
