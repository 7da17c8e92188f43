"""The two probe tests every round of the medical-text guard (issue 17) keeps: its
medical sentences are refused and its ordinary work sentences pass (R-SICK-3, R-SICK-4).

    test_medical_text_is_refused, test_ordinary_work_text_passes = probes(MEDICAL, ORDINARY)
"""

from collections.abc import Callable, Sequence

import pytest

from poortwachter.textguard import check_text


def probes(medical: Sequence[str], ordinary: Sequence[str]) -> tuple[Callable, Callable]:
    @pytest.mark.parametrize("text", medical)
    def test_medical_text_is_refused(text):
        assert check_text(text).medical

    @pytest.mark.parametrize("text", ordinary)
    def test_ordinary_work_text_passes(text):
        assert not check_text(text).medical, check_text(text).matches

    return test_medical_text_is_refused, test_ordinary_work_text_passes
