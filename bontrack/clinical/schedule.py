"""When the next treatment may and should happen, reminders, and when to evaluate."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bontrack.clinical.rules import OUTCOME_DEFAULT, SCHEDULE_DEFAULT, OutcomeRules, ScheduleRules


@dataclass(frozen=True, slots=True)
class NextTreatment:
    """The next session: not before `earliest`, booked by `due`, reminders on the given dates."""

    earliest: date
    due: date
    reminders: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class EvaluationDue:
    """The outcome of a cycle can be judged from this date (its weeks 9–12 are over)."""

    cycle: int
    treatment: date
    due: date


def next_treatment(last_session: date, rules: ScheduleRules = SCHEDULE_DEFAULT) -> NextTreatment:
    """Earliest date (the 12-week label minimum), due date and reminder dates."""
    earliest = last_session + timedelta(days=rules.min_interval_days)
    due = earliest + timedelta(days=rules.booking_window_days)
    reminders = tuple(sorted(earliest - timedelta(days=d) for d in rules.reminder_days_before))
    return NextTreatment(earliest, due, reminders)


def evaluations_due(
    treatments: Sequence[date],
    rules: ScheduleRules = SCHEDULE_DEFAULT,
    outcome: OutcomeRules = OUTCOME_DEFAULT,
) -> list[EvaluationDue]:
    """Evaluation dates after cycles 2 and 3: the day after each cycle's weeks 9–12 end."""
    dates = sorted(treatments)
    after = outcome.cycle_window_start_day + outcome.cycle_window_days
    return [
        EvaluationDue(cycle, dates[cycle - 1], dates[cycle - 1] + timedelta(days=after))
        for cycle in rules.evaluation_after_cycles
        if cycle <= len(dates)
    ]
