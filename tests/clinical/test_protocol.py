"""Protocols as data and the session check against label limits."""

from datetime import date

from bontrack.clinical.protocol import (
    PREEMPT,
    PREEMPT_FOLLOW_THE_PAIN,
    CustomSite,
    custom_protocol,
    find_protocol,
)
from bontrack.clinical.session_check import Injection, check_session

DAY = date(2026, 6, 18)


def preempt_session(**extra: int) -> list[Injection]:
    """The fixed PREEMPT dose, with extra units added to named muscles."""
    return [
        Injection(m.muscle, "bilateral" if m.bilateral else "midline",
                  m.sites + extra.get(m.muscle, 0) // 5, m.units + extra.get(m.muscle, 0))
        for m in PREEMPT.muscles
    ]


def ids(findings: tuple[object, ...]) -> list[str]:
    return [f.id for f in findings]  # type: ignore[attr-defined]


def test_preempt_totals_match_the_paradigm() -> None:
    assert (PREEMPT.total_units, PREEMPT.total_sites) == (155, 31)
    assert (PREEMPT.max_total_units, PREEMPT.max_total_sites) == (195, 39)
    assert (PREEMPT_FOLLOW_THE_PAIN.total_units, PREEMPT_FOLLOW_THE_PAIN.total_sites) == (195, 39)


def test_builtins_win_over_clinic_protocols_and_unknown_names_are_none() -> None:
    assert find_protocol("PREEMPT", lambda name: None) is PREEMPT
    assert find_protocol("neck", lambda name: None) is None


def test_the_fixed_preempt_dose_on_schedule_passes_cleanly() -> None:
    check = check_session(preempt_session(), on=DAY, last_session=date(2026, 3, 26),
                          protocol=PREEMPT)
    assert check.allowed
    assert check.warnings == ()


def test_extra_units_in_temporalis_are_allowed_but_not_in_frontalis() -> None:
    ok = check_session(preempt_session(temporalis=10, trapezius=20), on=DAY, protocol=PREEMPT)
    assert ok.allowed
    bad = check_session(preempt_session(frontalis=10), on=DAY, protocol=PREEMPT)
    assert ids(bad.hard_stops) == ["preempt_extra_units"]
    assert "temporalis, trapezius" in bad.hard_stops[0].detail


def test_more_than_the_follow_the_pain_maximum_is_a_hard_stop() -> None:
    check = check_session(preempt_session(occipitalis=15), on=DAY, protocol=PREEMPT)
    assert ids(check.hard_stops) == ["above_protocol_max"]


def test_eleven_weeks_after_the_last_session_is_a_hard_stop() -> None:
    check = check_session(preempt_session(), on=date(2026, 6, 17),
                          last_session=date(2026, 3, 26))
    assert ids(check.hard_stops) == ["interval"]
    assert "83 days since the last session" in check.hard_stops[0].detail


def test_label_limits_per_site_and_per_session_are_hard_stops() -> None:
    check = check_session(
        [Injection("gluteus", "left", 2, 120), Injection("gluteus", "right", 6, 300)], on=DAY
    )
    assert ids(check.hard_stops) == ["units_per_site", "units_per_session"]
    assert "60 U per site exceeds 50 U per site" in check.hard_stops[0].detail


def test_less_than_the_protocol_dose_and_a_skipped_muscle_only_warn() -> None:
    session = [i for i in preempt_session() if i.muscle != "procerus"]
    session[0] = Injection("corrugator", "bilateral", 1, 5)
    check = check_session(session, on=DAY, protocol=PREEMPT)
    assert check.allowed
    assert ids(check.warnings) == ["below_protocol_dose", "muscle_missing"]


def test_custom_protocols_merge_sides_into_bilateral_muscles() -> None:
    protocol = custom_protocol("neck-pain", [
        CustomSite("trapezius", "left", 4, 10), CustomSite("trapezius", "right", 4, 10),
        CustomSite("levator_scapulae", "left", 2, 10),
    ])
    assert protocol.to_dict()["muscles"] == [
        {"muscle": "trapezius", "units": 80, "sites": 8, "max_units": 80, "max_sites": 8,
         "bilateral": True},
        {"muscle": "levator_scapulae", "units": 20, "sites": 2, "max_units": 20, "max_sites": 2,
         "bilateral": False},
    ]
    assert protocol.units_per_site == 10
