"""English: the same numeric dates as bokmål, not the US month/day order (01.12.2026).

The clinics are Norwegian and their staff switch language freely; 12/01/2026 would read as
the 12th of January to them. The time in a date-time is 24-hour for the same reason.
"""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
