"""Per-period diary summaries: the counts of one 28-day block of a patient's diary, kept
current by `bontrack.treatments.summaries` whenever diary days are written."""

from __future__ import annotations

from django.db import models

from bontrack.patients.models import Patient


class DiaryPeriodSummary(models.Model):
    """bontrack.clinical.metrics.count_span over one epoch-anchored 28-day period."""

    patient = models.ForeignKey(
        Patient, on_delete=models.CASCADE, related_name="diary_period_summaries"
    )
    period_start = models.DateField()
    recorded_days = models.PositiveSmallIntegerField(default=0)
    headache_days = models.PositiveSmallIntegerField(default=0)
    migraine_days = models.PositiveSmallIntegerField(default=0)
    moderate_severe_days = models.PositiveSmallIntegerField(default=0)
    acute_medication_days = models.JSONField(default=dict)
    any_acute_medication_days = models.PositiveSmallIntegerField(default=0)
    # One character per day of the period, oldest first: "-" not recorded, "0" recorded
    # without headache, "1" a headache day (bontrack.clinical.metrics.is_headache_day).
    # Any span (a course baseline, a cycle window) is counted from these without raw rows.
    day_flags = models.CharField(max_length=28, default="")

    class Meta:
        app_label = "treatments"
        ordering = ["patient", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "period_start"], name="diary_period_summary_unique"
            )
        ]

    def __str__(self) -> str:
        return f"summary {self.patient_id} {self.period_start.isoformat()}"
