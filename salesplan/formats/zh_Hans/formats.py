"""Chinese dates: "2026年12月15日" in prose, "2026-12-15" in tables, 24-hour times."""

DATE_FORMAT = "Y年n月j日"  # 2026年12月15日
SHORT_DATE_FORMAT = "Y-m-d"  # 2026-12-15
TIME_FORMAT = "H:i"  # 14:30
DATETIME_FORMAT = "Y年n月j日 H:i"  # 2026年12月15日 14:30
SHORT_DATETIME_FORMAT = "Y-m-d H:i"  # 2026-12-15 14:30
YEAR_MONTH_FORMAT = "Y年n月"  # 2026年12月
MONTH_DAY_FORMAT = "n月j日"  # 12月15日
FIRST_DAY_OF_WEEK = 1  # 星期一
