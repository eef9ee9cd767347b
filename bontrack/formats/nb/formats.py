"""Norwegian bokmål: the numeric dates shown to people (01.12.2026, 01.12.2026 09:30)."""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
