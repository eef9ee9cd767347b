from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any

import altair as alt
import pytest
from django.core.cache import cache
from django.utils import translation

from bontrack.clinical import Diary
from bontrack.clinical.metrics import PeriodCounts, count_span
from bontrack.clinical.rules import ICHD_3
from bontrack.clinical.synthetic import period_days
from bontrack.reports import charts

START = date(2025, 1, 6)


@pytest.fixture(autouse=True)
def _english_and_empty_cache() -> Iterator[None]:
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


def periods_of(*specs: dict[str, Any]) -> list[PeriodCounts]:
    days = []
    for k, spec in enumerate(specs):
        days += period_days(START + timedelta(days=28 * k), **spec)
    diary = Diary(days)
    return [
        count_span(diary, START + timedelta(days=28 * k), START + timedelta(days=28 * k + 27))
        for k in range(len(specs))
    ]


PERIODS = periods_of(
    {"headache": 16, "migraine": 8, "meds": {"triptan": 11, "simple_analgesic": 3}},
    {"recorded": 12, "headache": 5, "migraine": 2, "meds": {"triptan": 4}},
    {"headache": 20, "migraine": 12, "meds": {"triptan": 9, "simple_analgesic": 15}},
)


def layers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every single-mark layer, with the data it inherits from a parent layer."""
    for layer in spec.get("layer", []):
        if "data" not in layer and "data" in spec:
            layer = {**layer, "data": spec["data"]}
        if "layer" in layer:
            yield from layers(layer)
        else:
            yield layer


def mark_of(layer: dict[str, Any]) -> str:
    mark = layer["mark"]
    return mark if isinstance(mark, str) else mark["type"]


def rule_values(spec: dict[str, Any]) -> set[int]:
    return {
        row["y"]
        for layer in layers(spec)
        if mark_of(layer) == "rule" and "y" in layer.get("encoding", {})
        for row in layer["data"]["values"]
    }


def test_the_medication_chart_draws_the_overuse_limits_of_the_rule_set() -> None:
    spec = charts.medication_spec(PERIODS)
    assert rule_values(spec) == set(ICHD_3.overuse_days.values()) == {10, 15}
    labels = {
        row["label"]
        for layer in layers(spec)
        if mark_of(layer) == "text"
        for row in layer["data"]["values"]
    }
    assert "Overuse from 15 days: simple painkillers" in labels
    assert "Overuse from 10 days: triptans, ergots, opioids, combination painkillers" in labels


def test_the_limits_come_from_the_rule_set_not_from_constants() -> None:
    stricter = dataclasses.replace(
        ICHD_3, overuse_days=MappingProxyType({**ICHD_3.overuse_days, "simple_analgesic": 12})
    )
    assert rule_values(charts.medication_spec(PERIODS, classification=stricter)) == {10, 12}


def test_the_medication_chart_counts_days_per_class_and_period() -> None:
    spec = charts.medication_spec(PERIODS)
    rows = next(
        layer["data"]["values"] for layer in layers(spec) if mark_of(layer) == "line"
    )
    triptans = [row["days"] for row in rows if row["class"] == "Triptans"]
    simple = [row["days"] for row in rows if row["class"] == "Simple painkillers"]
    assert triptans == [11, 4, 9]
    assert simple == [3, 0, 15]
    # Classes never taken get no line.
    assert {row["class"] for row in rows} == {"Triptans", "Simple painkillers"}


def test_the_headache_chart_counts_days_and_marks_thin_periods() -> None:
    spec = charts.headache_spec(PERIODS)
    rows = next(layer["data"]["values"] for layer in layers(spec) if mark_of(layer) == "bar")
    headache = [(r["days"], r["quality"]) for r in rows if r["measure"] == "Headache days"]
    migraine = [r["days"] for r in rows if r["measure"] == "Migraine days"]
    thin = "Fewer than 20 days with entries (not judged)"
    enough = "20 or more days with entries"
    assert headache == [(16, enough), (5, thin), (20, enough)]
    assert migraine == [8, 2, 12]
    assert rule_values(spec) == {ICHD_3.chronic_headache_days}


def test_treatment_dates_become_vertical_markers() -> None:
    treated = [START + timedelta(days=30), START + timedelta(days=60)]
    for spec in (
        charts.headache_spec(PERIODS, treatment_dates=treated),
        charts.medication_spec(PERIODS, treatment_dates=treated),
    ):
        markers = [
            row["start"]
            for layer in layers(spec)
            if mark_of(layer) == "rule" and "x" in layer.get("encoding", {})
            for row in layer["data"]["values"]
        ]
        assert markers == [d.isoformat() for d in treated]
    assert not any(
        mark_of(layer) == "rule" and "x" in layer.get("encoding", {})
        for layer in layers(charts.headache_spec(PERIODS))
    )


def test_the_svg_carries_its_own_text_alternative() -> None:
    headache, medication = charts.diary_charts(PERIODS)
    for chart in (headache, medication):
        for svg, chart_id in ((str(chart.svg), f"chart-{chart.key}"),
                              (str(chart.compact_svg), f"chart-{chart.key}-compact")):
            opening = svg[: svg.index(">") + 1]
            assert opening.startswith("<svg")
            assert 'role="img"' in opening
            assert f'aria-labelledby="{chart_id}-title"' in opening
            assert f'<title id="{chart_id}-title">{chart.title}</title>' in svg
            assert f'<desc id="{chart_id}-desc">' in svg
            # CSP allows no inline style, and only the outer element has a role.
            assert "style=" not in svg and "<style" not in svg and "<script" not in svg
            assert svg.count("role=") == 1
            assert all(i.startswith(chart_id) for i in re.findall(r'\bid="([^"]+)"', svg))
    assert headache.description == (
        "Headache days and migraine days in 3 periods of 4 weeks, from Jan. 6, 2025 to "
        "March 30, 2025. Latest period: 20 headache days, 12 of them migraine days. "
        "Most: 20 headache days (from March 3, 2025); fewest: 16 (from Jan. 6, 2025). "
        "1 period has too few days with entries to be judged."
    )
    assert medication.description.endswith(
        "Latest period: triptans 9 days, simple painkillers 15 days."
    )


def test_the_compact_chart_shows_only_the_latest_periods() -> None:
    many = periods_of(*({"headache": n % 20} for n in range(10)))
    headache, _medication = charts.diary_charts(many)
    rows = next(
        layer["data"]["values"]
        for layer in layers(headache.spec)
        if mark_of(layer) == "bar"
    )
    assert len(rows) == 2 * 10
    assert "in 6 periods of 4 weeks" in str(headache.compact_svg)


def test_the_charts_speak_norwegian_with_norwegian_months() -> None:
    with translation.override("nb"):
        headache, medication = charts.diary_charts(PERIODS)
    svg = str(headache.svg)
    assert "Hodepinedager" in svg and "mars 2025" in svg
    assert "Overforbruk fra 15 dager: enkle smertestillende" in str(medication.svg)


def test_rendered_charts_are_cached_by_key_and_language(monkeypatch: pytest.MonkeyPatch) -> None:
    first = charts.diary_charts(PERIODS, cache_key="patient-1:2025-03-30T12:00:00:84")
    calls = []
    real = charts.vl_convert.vegalite_to_svg

    def counting(*args: Any, **kwargs: Any) -> str:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(charts.vl_convert, "vegalite_to_svg", counting)
    again = charts.diary_charts(PERIODS, cache_key="patient-1:2025-03-30T12:00:00:84")
    assert calls == []
    assert [c.svg for c in again] == [c.svg for c in first]
    with translation.override("nb"):
        charts.diary_charts(PERIODS, cache_key="patient-1:2025-03-30T12:00:00:84")
    assert len(calls) == 4
    charts.diary_charts(PERIODS, cache_key="patient-1:2025-03-31T08:00:00:85")
    assert len(calls) == 8


def test_a_diary_without_medicine_still_draws_the_limits() -> None:
    quiet = periods_of({"headache": 3}, {"headache": 2})
    spec = charts.medication_spec(quiet)
    assert rule_values(spec) == {10, 15}
    _headache, medication = charts.diary_charts(quiet)
    assert "No medicine for attacks recorded." in medication.description


def test_the_specs_are_valid_vega_lite() -> None:
    # The charts skip Altair's schema check at run time to save time; it runs here instead.
    treated = [START + timedelta(days=30)]
    for spec in (
        charts.headache_spec(PERIODS, treatment_dates=treated),
        charts.medication_spec(PERIODS, treatment_dates=treated),
        charts.headache_spec(PERIODS, width=charts.COMPACT_WIDTH),
        charts.medication_spec(periods_of({"headache": 1})),
    ):
        alt.LayerChart.from_dict(spec, validate=True)
