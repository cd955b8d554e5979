"""English dates: "15 Dec 2026" in prose and tables alike, 24-hour times."""

DATE_FORMAT = "j M Y"  # 15 Dec 2026
SHORT_DATE_FORMAT = "j M Y"  # 15 Dec 2026
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "j M Y, H:i"  # 15 Dec 2026, 14:30
SHORT_DATETIME_FORMAT = "j M Y H:i"  # 15 Dec 2026 14:30
YEAR_MONTH_FORMAT = "M Y"  # Dec 2026
MONTH_DAY_FORMAT = "j M"  # 15 Dec
FIRST_DAY_OF_WEEK = 1  # Monday, as the manager's calendar
