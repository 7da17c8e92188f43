"""CSV downloads for Dutch Excel never carry a formula a spreadsheet would run (CSV
injection, OWASP; SECURITY.md, R-SEC-*): text typed as ``=HYPERLINK(...)`` in a name or
a job title arrives as text. The machines' dialect keeps every value exactly."""

import pytest

from poortwachter.core import csvformat


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x";"klik")', "+31 6 1234", "-2+3", "@SUM(A1)", "\tx", "\rx"]
)
def test_text_that_starts_a_formula_is_inert_for_excel(text):
    line = "".join(csvformat.lines([[text]], csvformat.EXCEL_NL))
    assert line.lstrip(csvformat.BOM).lstrip('"').startswith("'" + text[0])


def test_ordinary_text_and_numbers_are_unchanged_for_excel():
    line = "".join(csvformat.lines([["Monteur", 3, -2, 2.5]], csvformat.EXCEL_NL))
    assert line == csvformat.BOM + "Monteur;3;-2;2,5\r\n"


def test_the_machine_dialect_keeps_values_exactly():
    line = "".join(csvformat.lines([["=1+1", "-x"]], csvformat.PLAIN))
    assert line == "=1+1,-x\r\n"
