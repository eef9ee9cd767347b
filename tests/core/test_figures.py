"""Figures on pages are rounded, not cut: a mean of 4.26 stars reads 4,3."""

from __future__ import annotations

from django.utils import translation

from bontrack.treatments.templatetags.figures import figure


def test_figures_round_half_up_in_the_pages_language() -> None:
    with translation.override("nb"):
        assert figure(4.26) == "4,3"
        assert figure(3.857) == "3,9"
        assert figure(2.99) == "3,0"
        assert figure(0.96, 0) == "1"
        assert figure(-9.0) == "−9,0"
        assert figure(-0.01) == "0,0"
        assert figure(None) == "—"
    with translation.override("en"):
        assert figure(44.85) == "44.9"
