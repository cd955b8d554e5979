"""Red / amber / green on the roll-up: the one place that decides a figure's colour."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# The defaults of the administrator's `RollupThresholds` (percent).
ACHIEVEMENT_GREEN = Decimal("100")
ACHIEVEMENT_AMBER = Decimal("90")
GROWTH_GREEN = Decimal("10")
GROWTH_AMBER = Decimal("0")


@dataclass(frozen=True)
class Band:
    """A figure is green at or above `green`, amber at or above `amber`, red below."""

    green: Decimal
    amber: Decimal


@dataclass(frozen=True)
class Signal:
    """A figure's colour and the symbol and word that say it without colour."""

    level: str  # "good", "watch" or "poor": the CSS class is signal-<level>
    symbol: str
    word: str


GOOD = Signal("good", "▲", _("on target"))
WATCH = Signal("watch", "●", _("watch"))
POOR = Signal("poor", "▼", _("below target"))


def signal_of(value: Decimal | None, band: Band | None) -> Signal | None:
    """The signal of a percentage against its band; None ("—", or no band) has no colour."""
    if value is None or value == "" or not band:
        return None
    if value >= band.green:
        return GOOD
    if value >= band.amber:
        return WATCH
    return POOR
