"""Properties that hold for every diary: a headache-free day never raises a count."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bontrack.clinical import Diary, DiaryDay
from bontrack.clinical.assessment import assess
from bontrack.clinical.diary import MEDICATION_CLASSES

START = date(2026, 1, 1)
AS_OF = START + timedelta(days=83)
COUNTS = ("headache_days", "migraine_days", "moderate_severe_days",
          "any_acute_medication_days")

day_fields = st.fixed_dictionaries({
    "headache_hours": st.sampled_from([0.0, 2.0, 3.5, 4.0, 8.0, 24.0]),
    "intensity": st.integers(0, 3),
    "unilateral": st.booleans(),
    "pulsating": st.booleans(),
    "nausea": st.booleans(),
    "photophobia": st.booleans(),
    "phonophobia": st.booleans(),
    "aura": st.booleans(),
    "acute_meds": st.frozensets(st.sampled_from(MEDICATION_CLASSES), max_size=2),
    "relieved_by_acute_med": st.booleans(),
})


@given(
    recorded=st.dictionaries(st.integers(0, 83), day_fields, max_size=84),
    free=st.integers(0, 83),
)
def test_adding_a_headache_free_day_never_raises_a_count(
    recorded: dict[int, dict[str, object]], free: int
) -> None:
    recorded.pop(free, None)
    days = [DiaryDay(START + timedelta(i), **f) for i, f in recorded.items()]  # type: ignore[arg-type]
    before = assess(Diary(days), as_of=AS_OF)
    after = assess(Diary([*days, DiaryDay(START + timedelta(free))]), as_of=AS_OF)
    for old, new in zip(before.periods, after.periods, strict=True):
        for name in COUNTS:
            assert getattr(new, name) <= getattr(old, name)
        assert new.recorded_days >= old.recorded_days
