"""bontrack's clinical core: pure rules over plain values, each answer with its reasons."""

from bontrack.clinical.assessment import Assessment, assess, assess_csv
from bontrack.clinical.common import Criterion, DiaryError, InputError
from bontrack.clinical.diary import Diary, DiaryDay, read_csv, write_csv

__all__ = [
    "Assessment",
    "Criterion",
    "Diary",
    "DiaryDay",
    "DiaryError",
    "InputError",
    "assess",
    "assess_csv",
    "read_csv",
    "write_csv",
]
