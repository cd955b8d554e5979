"""The weekly indicator check's calendar and verdicts: ISO weeks (?week=2027-W10) and the
red / amber / green status of an indicator against its plan.

A week belongs to the month of its Thursday, as it belongs to the ISO year of its Thursday: the
week of Mon 29 Sep – Sun 5 Oct is September's. Actuals are entered per month, so a week's check
shows that month and the year to date.

The status of a figure where more is better (sales, gross profit, profit): on plan (green) at
100 % of plan or more, slightly behind (amber) from 90 %, behind (red) below. Where less is
better (expenses, outstanding): within plan (green) up to 100 %, slightly over (amber) up to
110 %, over (red) above. Before any actuals there is no status ("—").
"""

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.translation import gettext as _

from planning.numbers import rollups
from salesplan.converters import parse_year

ON_PLAN = Decimal(100)
AMBER_BAND = Decimal(10)  # percentage points either side of the plan that read "slightly"
WEEK_CODE = re.compile(r"([0-9]{4})-W([0-9]{2})")


@dataclass(frozen=True, order=True)
class Week:
    """An ISO week: `year` is the ISO year (the year of its Thursday)."""

    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> "Week":
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @classmethod
    def first_of(cls, year: int) -> "Week":
        return cls(year, 1)

    @classmethod
    def last_of(cls, year: int) -> "Week":
        # 28 December is always in the ISO year's last week.
        return cls.of(date(year, 12, 28))

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def month(self) -> int:
        """The month the week falls in: its Thursday's."""
        return (self.monday + timedelta(days=3)).month

    @property
    def code(self) -> str:
        """As ?week= and <input type="week"> write it: 2027-W10."""
        return f"{self.year}-W{self.number:02d}"

    @property
    def previous(self) -> "Week":
        return Week.of(self.monday - timedelta(days=7))

    @property
    def next(self) -> "Week":
        return Week.of(self.monday + timedelta(days=7))

    def __str__(self):
        return self.code


def parse_week(value) -> Week | None:
    """An ISO week written YYYY-Www (ASCII digits, a year query strings accept, a week the year
    has: W53 only in a 53-week year), or None; a parser for `salesplan.converters.query_value`."""
    match = WEEK_CODE.fullmatch(str(value or ""))
    if match is None or parse_year(match[1]) is None:
        return None
    try:
        return Week.of(date.fromisocalendar(int(match[1]), int(match[2]), 1))
    except ValueError:
        return None


def week_in_year(year: int, today: date) -> Week:
    """The week a plan of `year` opens on: this week during the year, else the year's first
    week (before it) or its last (after it)."""
    week = Week.of(today)
    if week.year < year:
        return Week.first_of(year)
    if week.year > year:
        return Week.last_of(year)
    return week


@dataclass(frozen=True)
class Status:
    """An indicator's verdict against its plan: `key` green, amber or red, with its words."""

    key: str
    label: str


def judge(plan: Decimal | None, actual: Decimal | None, *, less_is_better=False) -> Status | None:
    """The status of `actual` against `plan` (see the module's rule); None before actuals."""
    if plan is None or actual is None:
        return None
    percent = rollups.achievement_percent(actual, plan) if plan > 0 else None
    if less_is_better:
        if percent is None:
            # Nothing (or a credit) planned: within it or over it is all there is to say.
            return _within() if actual <= plan else _over()
        if percent <= ON_PLAN:
            return _within()
        return _slightly_over() if percent <= ON_PLAN + AMBER_BAND else _over()
    if percent is None:
        # Nothing planned, or a planned loss: at or above it is on plan, below it behind.
        return _on_plan() if actual >= plan else _behind()
    if percent >= ON_PLAN:
        return _on_plan()
    return _slightly_behind() if percent >= ON_PLAN - AMBER_BAND else _behind()


def _on_plan() -> Status:
    return Status("green", _("On plan (达成)"))


def _slightly_behind() -> Status:
    return Status("amber", _("Slightly behind (略低于计划)"))


def _behind() -> Status:
    return Status("red", _("Behind plan (落后于计划)"))


def _within() -> Status:
    return Status("green", _("Within plan (未超计划)"))


def _slightly_over() -> Status:
    return Status("amber", _("Slightly over plan (略超计划)"))


def _over() -> Status:
    return Status("red", _("Over plan (超出计划)"))


def share_status(part: Decimal | None, whole: Decimal | None) -> Status | None:
    """Debt over 90 days: none is green, up to AMBER_BAND % of the outstanding amber, more red."""
    if part is None or whole is None:
        return None
    if part <= 0:
        return Status("green", _("None over 90 days (无超90天欠款)"))
    percent = rollups.share(part, whole)
    if percent is not None and percent <= AMBER_BAND:
        return Status("amber", _("Some over 90 days (少量超90天)"))
    return Status("red", _("Too much over 90 days (超90天欠款过多)"))
