"""Diary charts as Vega-Lite specs (built with Altair), rendered to SVG by vl-convert.

One spec serves the web page and the PDF: both embed the same SVG, which carries its own text
alternative. Rendering takes about 0.1 s warm (0.6 s for the first chart in a process), too
slow for the overview's page budget, so `diary_charts` caches the SVG when given a cache key.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import altair as alt
import vl_convert
from django.core.cache import cache
from django.utils import formats, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from bontrack.clinical.diary import MEDICATION_CLASSES
from bontrack.clinical.metrics import PeriodCounts
from bontrack.clinical.rules import ICHD_3, IHS_DIARY_2026, ClassificationRules, DayRules

# Bump when the look of the charts changes, so cached SVGs of the old look are not served.
CHART_VERSION = 1
CACHE_SECONDS = 7 * 24 * 60 * 60
WIDTH = 600
HEIGHT = 220
# A phone gets the last periods at a width it can show without scrolling or shrinking text.
COMPACT_WIDTH = 270
COMPACT_PERIODS = 6

HEADACHE_COLOUR = "#9ecae9"
MIGRAINE_COLOUR = "#1f4e79"
THRESHOLD_COLOUR = "#b3261e"
TREATMENT_COLOUR = "#2e7d32"
# Eight classes, distinguishable for the common colour-vision deficiencies (Okabe–Ito).
CLASS_COLOURS = (
    "#0072b2", "#d55e00", "#cc79a7", "#009e73", "#e69f00", "#56b4e9", "#000000", "#999999",
)
# Vega's own d3 locales; the chart speaks the page's language.
TIME_LOCALES: dict[str, Any] = {"nb": "nb-NO", "en": "en-GB"}
# d3-format has no Norwegian locale; the charts show whole days, so this is all it needs.
FORMAT_LOCALES: dict[str, Any] = {
    "nb": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]},
    "en": "en-GB",
}


def class_label(name: str) -> str:
    """A short plural label for an acute medication class, for legends and table headers."""
    labels = {
        "triptan": _("Triptans"),
        "ergot": _("Ergots"),
        "opioid": _("Opioids"),
        "simple_analgesic": _("Simple painkillers"),
        "combination_analgesic": _("Combination painkillers"),
        "gepant": _("Gepants"),
        "ditan": _("Ditans"),
        "other": _("Other medicines"),
    }
    return labels[name]


@dataclass(frozen=True)
class Chart:
    """One rendered chart: its spec, its SVG markup and the text alternative inside it."""

    key: str
    title: str
    description: str
    spec: dict[str, Any]
    svg: SafeString
    # The last few periods, narrow enough for a phone.
    compact_svg: SafeString


def _data(rows: list[dict[str, Any]]) -> Any:
    """Inline data for a chart (Altair's Data has no type hints)."""
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _day(value: date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def _iso(value: date) -> str:
    return value.isoformat()


def _treatment_layer(treatment_dates: Sequence[date], y_max: int) -> Any:
    if not treatment_dates:
        return None
    label = _("Treatment")
    rows = [{"start": _iso(d), "label": label, "y": y_max} for d in sorted(treatment_dates)]
    data = _data(rows)
    rule = alt.Chart(data).mark_rule(
        color=TREATMENT_COLOUR, strokeWidth=2, strokeDash=[2, 2]
    ).encode(x=_x_axis())
    text = alt.Chart(data).mark_text(
        align="left", baseline="top", dx=3, dy=2, fontSize=10, color=TREATMENT_COLOUR
    ).encode(x=_x_axis(), y=alt.Y("y:Q"), text="label:N")
    return alt.layer(rule, text)


def _x_axis(field: str = "start") -> alt.X:
    """Every layer shares this x scale and axis, so their axes merge into one."""
    return alt.X(
        f"{field}:T",
        title=_("4-week period"),
        scale=alt.Scale(type="utc"),
        axis=alt.Axis(
            format="%b %Y", labelAngle=0, labelOverlap=True,
            tickCount={"interval": "month", "step": 1},
        ),
    )


def headache_spec(
    periods: Sequence[PeriodCounts],
    *,
    treatment_dates: Sequence[date] = (),
    rules: DayRules = IHS_DIARY_2026,
    classification: ClassificationRules = ICHD_3,
    width: int = WIDTH,
) -> dict[str, Any]:
    """Headache days and, inside each bar, migraine days per period; thin periods pale."""
    headache, migraine = _("Headache days"), _("Migraine days")
    enough = _quality_enough(rules)
    thin = _quality_thin(rules)
    rows: list[dict[str, Any]] = []
    for p in periods:
        quality = enough if p.sufficient(rules) else thin
        for measure, days in ((headache, p.headache_days), (migraine, p.migraine_days)):
            rows.append({
                "start": _iso(p.start),
                "next": _iso(p.end + timedelta(days=1)),
                "measure": measure,
                "days": days,
                "recorded": p.recorded_days,
                "quality": quality,
            })
    y_max = max([rules.period_days, *(p.headache_days for p in periods)])
    bars = alt.Chart(_data(rows)).mark_bar(
        stroke="white", strokeWidth=1
    ).encode(
        x=_x_axis(),
        x2="next:T",
        y=alt.Y(
            "days:Q", title=_("Days per 4 weeks"), stack=None,
            scale=alt.Scale(domain=[0, y_max]),
        ),
        y2=alt.Y2(datum=0),
        color=alt.Color(
            "measure:N",
            title=None,
            scale=alt.Scale(domain=[headache, migraine], range=[HEADACHE_COLOUR, MIGRAINE_COLOUR]),
            legend=alt.Legend(orient="top", direction="horizontal", columns=2),
        ),
        opacity=alt.Opacity(
            "quality:N",
            title=None,
            scale=alt.Scale(domain=[enough, thin], range=[1.0, 0.3]),
            # A narrow chart has no room for it; the text under the chart says the same.
            legend=alt.Legend(
                orient="top", direction="vertical", symbolFillColor=MIGRAINE_COLOUR,
                symbolStrokeColor=MIGRAINE_COLOUR,
            ) if width >= WIDTH else None,
        ),
        order=alt.Order("days:Q", sort="descending"),
    )
    # The count on top of each bar: readable without the y axis when a phone scrolls sideways.
    totals = alt.Chart(_data([
        {"start": _iso(p.start), "next": _iso(p.end + timedelta(days=1)), "days": p.headache_days}
        for p in periods
    ])).transform_calculate(
        middle="(toDate(datum.start) + toDate(datum.next)) / 2"
    ).mark_text(baseline="bottom", dy=-2, fontSize=9, color="#333").encode(
        x=alt.X("middle:T"), y=alt.Y("days:Q"), text="days:Q",
    )
    limit = classification.chronic_headache_days
    rule_data = _data([{
        "y": limit,
        "label": _("%(days)s headache days") % {"days": limit},
    }])
    rule = alt.Chart(rule_data).mark_rule(
        color=THRESHOLD_COLOUR, strokeDash=[6, 4], strokeWidth=1.5
    ).encode(y="y:Q")
    rule_text = alt.Chart(rule_data).mark_text(
        align="right", baseline="bottom", dy=-2, fontSize=10, color=THRESHOLD_COLOUR,
        x=width, fontWeight="bold",
    ).encode(y="y:Q", text="label:N")
    layers: list[Any] = [bars, totals, rule, rule_text]
    markers = _treatment_layer(treatment_dates, y_max)
    if markers is not None:
        layers.append(markers)
    chart = alt.layer(*layers).properties(width=width, height=HEIGHT)
    return _finish(chart)


def _quality_enough(rules: DayRules) -> str:
    return _("%(days)s or more days with entries") % {"days": rules.min_recorded_days}


def _quality_thin(rules: DayRules) -> str:
    return _("Fewer than %(days)s days with entries (not judged)") % {
        "days": rules.min_recorded_days
    }


def threshold_groups(classification: ClassificationRules = ICHD_3) -> list[tuple[int, list[str]]]:
    """The overuse limits, each with the classes it applies to, lowest limit first."""
    groups: dict[int, list[str]] = {}
    for name, days in classification.overuse_days.items():
        groups.setdefault(days, []).append(name)
    order = {name: i for i, name in enumerate(MEDICATION_CLASSES)}
    return [
        (days, sorted(names, key=order.__getitem__)) for days, names in sorted(groups.items())
    ]


def classes_used(periods: Sequence[PeriodCounts]) -> list[str]:
    """Acute medication classes taken on at least one day, in the contract's order."""
    used = {name for p in periods for name in p.acute_medication_days}
    return [name for name in MEDICATION_CLASSES if name in used]


def medication_spec(
    periods: Sequence[PeriodCounts],
    *,
    treatment_dates: Sequence[date] = (),
    rules: DayRules = IHS_DIARY_2026,
    classification: ClassificationRules = ICHD_3,
    width: int = WIDTH,
) -> dict[str, Any]:
    """Days with each acute medication class per period, with the overuse limits as lines."""
    used = classes_used(periods)
    enough, thin = _quality_enough(rules), _quality_thin(rules)
    labels = [class_label(name) for name in used]
    rows: list[dict[str, Any]] = [
        {
            "middle": _iso(p.start + timedelta(days=p.length // 2)),
            "class": class_label(name),
            "days": p.acute_medication_days.get(name, 0),
            "quality": enough if p.sufficient(rules) else thin,
        }
        for p in periods
        for name in used
    ]
    limits = threshold_groups(classification)
    y_max = max([limits[-1][0] + 3, *(r["days"] for r in rows)]) if limits else rules.period_days
    limit_rows = [
        {"y": days, "label": _limit_label(days, names, short=width < WIDTH)}
        for days, names in limits
    ]
    limit_data = _data(limit_rows)
    rule = alt.Chart(limit_data).mark_rule(
        color=THRESHOLD_COLOUR, strokeDash=[6, 4], strokeWidth=1.5
    ).encode(y=alt.Y("y:Q", scale=alt.Scale(domain=[0, y_max])))
    rule_text = alt.Chart(limit_data).mark_text(
        align="right", baseline="bottom", dy=-2, fontSize=10, color=THRESHOLD_COLOUR,
        x=width, fontWeight="bold",
    ).encode(y="y:Q", text="label:N")
    layers: list[Any] = [rule, rule_text]
    if rows:
        colour = alt.Color(
            "class:N",
            title=None,
            scale=alt.Scale(domain=labels, range=list(CLASS_COLOURS[: len(labels)])),
            legend=alt.Legend(orient="top", direction="horizontal",
                columns=4 if width >= WIDTH else 2,
            ),
        )
        encoding = {
            "x": _x_axis("middle"),
            "y": alt.Y("days:Q", title=_("Days per 4 weeks"), scale=alt.Scale(domain=[0, y_max])),
            "color": colour,
        }
        data = _data(rows)
        lines = alt.Chart(data).mark_line(strokeWidth=2).encode(**encoding)
        points = alt.Chart(data).mark_point(filled=True, size=40).encode(
            **encoding,
            opacity=alt.Opacity(
                "quality:N", title=None,
                scale=alt.Scale(domain=[enough, thin], range=[1.0, 0.3]),
                legend=None,
            ),
        )
        layers = [lines, points, *layers]
    else:
        # Without a line the x axis still needs the periods to span.
        span = _data([{"start": _iso(p.start), "days": 0} for p in periods])
        layers.insert(0, alt.Chart(span).mark_point(opacity=0).encode(
            x=_x_axis(),
            y=alt.Y("days:Q", title=_("Days per 4 weeks"), scale=alt.Scale(domain=[0, y_max])),
        ))
    markers = _treatment_layer(treatment_dates, y_max)
    if markers is not None:
        layers.append(markers)
    chart = alt.layer(*layers).properties(width=width, height=HEIGHT)
    return _finish(chart)


def _limit_label(days: int, names: Sequence[str], *, short: bool) -> str:
    if short:
        # The chart's visible description names the classes; a narrow chart has no room.
        return _("Overuse from %(days)s days") % {"days": days}
    return _("Overuse from %(days)s days: %(classes)s") % {
        "days": days,
        "classes": ", ".join(class_label(name).lower() for name in names),
    }


def _finish(chart: Any) -> dict[str, Any]:
    # Validating against the Vega-Lite schema costs up to 0.2 s a chart; tests validate instead.
    spec: dict[str, Any] = chart.to_dict(validate=False)
    # Vega's own ARIA roles inside the SVG would compete with the one text alternative.
    spec["config"] = {
        **spec.get("config", {}),
        "aria": False,
        "mark": {"aria": False},
        "font": "DejaVu Sans, Verdana, sans-serif",
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelColor": "#333",
                 "titleColor": "#333"},
        "legend": {"labelFontSize": 11, "labelLimit": 320},
        "view": {"stroke": None},
    }
    return spec


# --- text alternatives ------------------------------------------------------------------------


def headache_description(
    periods: Sequence[PeriodCounts], *, rules: DayRules = IHS_DIARY_2026
) -> str:
    """What the headache chart shows, in words, for screen readers and the PDF."""
    if not periods:
        return _("No diary days yet.")
    parts = [
        ngettext(
            "Headache days and migraine days in %(count)s period of 4 weeks, "
            "from %(start)s to %(end)s.",
            "Headache days and migraine days in %(count)s periods of 4 weeks, "
            "from %(start)s to %(end)s.",
            len(periods),
        ) % {"count": len(periods), "start": _day(periods[0].start), "end": _day(periods[-1].end)}
    ]
    latest = periods[-1]
    parts.append(
        _("Latest period: %(headache)s headache days, %(migraine)s of them migraine days.")
        % {"headache": latest.headache_days, "migraine": latest.migraine_days}
    )
    judged = [p for p in periods if p.sufficient(rules)]
    if judged:
        top = max(judged, key=lambda p: p.headache_days)
        low = min(judged, key=lambda p: p.headache_days)
        parts.append(
            _("Most: %(most)s headache days (from %(most_start)s); fewest: %(fewest)s "
              "(from %(fewest_start)s).")
            % {"most": top.headache_days, "most_start": _day(top.start),
               "fewest": low.headache_days, "fewest_start": _day(low.start)}
        )
    thin = len(periods) - len(judged)
    if thin:
        parts.append(ngettext(
            "%(count)s period has too few days with entries to be judged.",
            "%(count)s periods have too few days with entries to be judged.",
            thin,
        ) % {"count": thin})
    return " ".join(parts)


def medication_description(
    periods: Sequence[PeriodCounts], *, classification: ClassificationRules = ICHD_3
) -> str:
    """What the medication chart shows, in words."""
    limits = "; ".join(
        _("%(days)s days for %(classes)s") % {
            "days": days,
            "classes": ", ".join(class_label(name).lower() for name in names),
        }
        for days, names in threshold_groups(classification)
    )
    parts = [_("Days with medicine for attacks per 4 weeks, by type of medicine.")]
    parts.append(_("Overuse limits: %(limits)s.") % {"limits": limits})
    used = classes_used(periods)
    if not periods or not used:
        parts.append(_("No medicine for attacks recorded."))
        return " ".join(parts)
    latest = periods[-1]
    taken = [
        _("%(name)s %(days)s days") % {"name": class_label(name).lower(), "days": days}
        for name in used
        if (days := latest.acute_medication_days.get(name, 0))
    ]
    if taken:
        parts.append(_("Latest period: %(list)s.") % {"list": ", ".join(taken)})
    else:
        parts.append(_("Latest period: no medicine for attacks."))
    return " ".join(parts)


# --- rendering --------------------------------------------------------------------------------

_SVG_OPEN = re.compile(r"<svg\b([^>]*)>")
_ID_ATTR = re.compile(r'\bid="([^"]+)"')
_INNER_ARIA = re.compile(r'\s(?:role|aria-[a-z]+)="[^"]*"')


def render_svg(spec: dict[str, Any], *, chart_id: str, title: str, description: str) -> str:
    """The chart as inline SVG markup with role="img", a <title> and a <desc>."""
    language = (translation.get_language() or "nb").split("-")[0]
    svg: str = vl_convert.vegalite_to_svg(
        spec,
        time_format_locale=TIME_LOCALES.get(language, "en-GB"),
        format_locale=FORMAT_LOCALES.get(language, "en-GB"),
    )
    # Several charts share a page: keep their internal ids (clip paths) apart.
    for found in set(_ID_ATTR.findall(svg)):
        svg = svg.replace(f'id="{found}"', f'id="{chart_id}-{found}"')
        svg = svg.replace(f"url(#{found})", f"url(#{chart_id}-{found})")
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    opening = _SVG_OPEN.search(svg)
    if opening is None:
        raise ValueError("vl-convert returned no <svg> element")
    attributes = opening.group(1).replace('class="marks"', 'class="bt-chart__svg"')
    # The whole chart is one image to assistive technology; inner roles would contradict it.
    body = _INNER_ARIA.sub("", svg[opening.end():])
    head = (
        f'<svg{attributes} role="img" aria-labelledby="{title_id}" '
        f'aria-describedby="{desc_id}" focusable="false">'
        f'<title id="{title_id}">{html.escape(title)}</title>'
        f'<desc id="{desc_id}">{html.escape(description)}</desc>'
    )
    return head + body


def _trusted(svg: str) -> SafeString:
    """SVG from `render_svg`: our own spec, and Vega escapes every text it draws, as does
    render_svg for the title and description it adds."""
    return mark_safe(svg)  # noqa: S308


def diary_charts(
    periods: Sequence[PeriodCounts],
    *,
    treatment_dates: Sequence[date] = (),
    cache_key: str | None = None,
    rules: DayRules = IHS_DIARY_2026,
    classification: ClassificationRules = ICHD_3,
) -> list[Chart]:
    """The headache chart and the medication chart, cached by `cache_key` when given.

    The key must change whenever the diary does; the language and chart version are added here.
    """
    full_key = None
    if cache_key is not None:
        language = translation.get_language() or "nb"
        dates = ",".join(sorted(_iso(d) for d in treatment_dates))
        full_key = f"bontrack:charts:v{CHART_VERSION}:{language}:{cache_key}:{dates}"
        cached = cache.get(full_key)
        if cached is not None:
            return [
                Chart(**{**item, "svg": _trusted(item["svg"]),
                         "compact_svg": _trusted(item["compact_svg"])})
                for item in cached
            ]
    recent = list(periods[-COMPACT_PERIODS:])
    recent_dates = [d for d in treatment_dates if recent and d >= recent[0].start]
    charts = []
    for key, title in (
        ("headache", _("Headache days and migraine days per 4 weeks")),
        ("medication", _("Days with medicine for attacks per 4 weeks")),
    ):
        build = headache_spec if key == "headache" else medication_spec
        spec = build(
            periods, treatment_dates=treatment_dates, rules=rules, classification=classification
        )
        compact = build(
            recent, treatment_dates=recent_dates, rules=rules, classification=classification,
            width=COMPACT_WIDTH,
        )
        if key == "headache":
            description = headache_description(periods, rules=rules)
            compact_description = headache_description(recent, rules=rules)
        else:
            description = medication_description(periods, classification=classification)
            compact_description = medication_description(recent, classification=classification)
        charts.append(Chart(
            key=key,
            title=title,
            description=description,
            spec=spec,
            svg=_trusted(render_svg(
                spec, chart_id=f"chart-{key}", title=title, description=description
            )),
            compact_svg=_trusted(render_svg(
                compact, chart_id=f"chart-{key}-compact", title=title,
                description=compact_description,
            )),
        ))
    if full_key is not None:
        cache.set(
            full_key,
            [{"key": c.key, "title": c.title, "description": c.description, "spec": c.spec,
              "svg": str(c.svg), "compact_svg": str(c.compact_svg)} for c in charts],
            CACHE_SECONDS,
        )
    return charts


# --- One chart at a time, for pages that load charts as images ------------------------------

CHART_KEYS = ("headache", "medication")


@dataclass(frozen=True)
class ChartRef:
    """What a page needs to show a chart it loads separately: its title and text alternative."""

    key: str
    title: str
    description: str
    compact_description: str


def chart_refs(
    periods: Sequence[PeriodCounts],
    *,
    rules: DayRules = IHS_DIARY_2026,
    classification: ClassificationRules = ICHD_3,
) -> list[ChartRef]:
    """Titles and descriptions of the two charts, without rendering them (cheap)."""
    recent = list(periods[-COMPACT_PERIODS:])
    return [
        ChartRef(
            key="headache",
            title=str(_("Headache days and migraine days per 4 weeks")),
            description=headache_description(periods, rules=rules),
            compact_description=headache_description(recent, rules=rules),
        ),
        ChartRef(
            key="medication",
            title=str(_("Days with medicine for attacks per 4 weeks")),
            description=medication_description(periods, classification=classification),
            compact_description=medication_description(recent, classification=classification),
        ),
    ]


def chart_svg(
    periods: Sequence[PeriodCounts],
    *,
    key: str,
    compact: bool,
    treatment_dates: Sequence[date] = (),
    cache_key: str | None = None,
    rules: DayRules = IHS_DIARY_2026,
    classification: ClassificationRules = ICHD_3,
) -> str:
    """One chart as a standalone SVG document, cached by `cache_key` like `diary_charts`."""
    if key not in CHART_KEYS:
        raise ValueError(f"unknown chart {key!r}")
    full_key = None
    if cache_key is not None:
        language = translation.get_language() or "nb"
        dates = ",".join(sorted(_iso(d) for d in treatment_dates))
        variant = "compact" if compact else "wide"
        full_key = (
            f"bontrack:chart:v{CHART_VERSION}:{language}:{cache_key}:{dates}:{key}:{variant}"
        )
        cached = cache.get(full_key)
        if cached is not None:
            return str(cached)
    shown = list(periods[-COMPACT_PERIODS:]) if compact else list(periods)
    shown_dates = [d for d in treatment_dates if shown and d >= shown[0].start]
    build = headache_spec if key == "headache" else medication_spec
    extra = {"width": COMPACT_WIDTH} if compact else {}
    spec = build(shown, treatment_dates=shown_dates, rules=rules,
                 classification=classification, **extra)
    ref = next(r for r in chart_refs(periods, rules=rules, classification=classification)
               if r.key == key)
    svg = render_svg(
        spec, chart_id=f"chart-{key}{'-compact' if compact else ''}", title=ref.title,
        description=ref.compact_description if compact else ref.description,
    )
    if full_key is not None:
        cache.set(full_key, svg, CACHE_SECONDS)
    return svg
