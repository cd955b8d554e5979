"""Spreading a figure over months or customers so that the parts add up to the whole exactly."""

from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, ROUND_FLOOR, Decimal

from salesplan.money import CENT, quantize_money


def allocate(total: Decimal, weights: Mapping, *, unit: Decimal = CENT) -> dict:
    """Split `total` in proportion to `weights` (largest-remainder method, in whole `unit`s).

    The parts always add up to `total`; a negative weight (a month of net returns) counts as
    zero, and equal weights are used when all weights are zero.
    """
    keys = list(weights)
    if not keys:
        return {}
    weights = {key: max(Decimal(weights[key]), Decimal(0)) for key in keys}
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum <= 0:
        weights = dict.fromkeys(keys, Decimal(1))
        weight_sum = Decimal(len(keys))
    units = (Decimal(total) / unit).to_integral_value(rounding=ROUND_DOWN)
    exact = {key: Decimal(weights[key]) * units / weight_sum for key in keys}
    # Floor toward minus infinity, so that every remainder is ≥ 0 for a negative total too.
    floors = {key: exact[key].to_integral_value(rounding=ROUND_FLOOR) for key in keys}
    left = int(units - sum(floors.values()))
    # The largest fractional remainders get the leftover units; ties go to the earlier key.
    order = sorted(keys, key=lambda key: (-(exact[key] - floors[key]), keys.index(key)))
    for key in order[:left]:
        floors[key] += 1
    return {key: (floors[key] * unit).quantize(unit) for key in keys}


def spread_over_months(
    total: Decimal, weights: Sequence[Decimal] | None = None
) -> dict[int, Decimal]:
    """Twelve monthly parts of an annual figure: evenly, or by seasonality weights."""
    monthly = dict(zip(range(1, 13), weights or [Decimal(1)] * 12, strict=True))
    return allocate(total, monthly)


def grow(value: Decimal, growth_percent: Decimal) -> Decimal:
    return quantize_money(value * (1 + growth_percent / 100))
