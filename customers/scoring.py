"""The customer strategy's rules (DOMAIN.md "Customer strategy"): pure functions in exact decimals.

Step 1 turns factor scores into two axis scores and a tier (一级 … 四级); step 2 turns an order size
and a closing likelihood into an energy score and a class A–D; step 3 reads the priority P1–P4
off tier × class; the funnel's health (优 / 良 / 中 / 差) is judged on monthly snapshots.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

SCORE_MIN, SCORE_MAX = 1, 5
LEVELS = (1, 2, 3, 4)  # 1 is the best level: exceptional order, closing within this month
CLASSES = ("A", "B", "C", "D")  # A is the funnel's mouth
TIERS = (1, 2, 3, 4)
PRIORITIES = (1, 2, 3, 4)
AXIS_PLACES = Decimal("0.01")
# The deck's names: 一级 … 四级 and A类 … D类 in Chinese, "Tier 1" and "Class A" in English.
TIER_LABELS = {1: _("Tier 1"), 2: _("Tier 2"), 3: _("Tier 3"), 4: _("Tier 4")}


def tier_label(tier: int | None) -> str:
    """A tier's name in the interface's language; "—" for none."""
    return str(TIER_LABELS.get(tier, "—"))


# The funnel's grades, the deck's 优 / 良 / 中 / 差 ("Excellent" … "Poor" in English).
GRADE_LABELS = {
    "优": pgettext_lazy("funnel grade", "Excellent"),
    "良": pgettext_lazy("funnel grade", "Good"),
    "中": pgettext_lazy("funnel grade", "Fair"),
    "差": pgettext_lazy("funnel grade", "Poor"),
}


def grade_label(grade: str) -> str:
    """A funnel grade in the interface's language; "" for none."""
    return str(GRADE_LABELS.get(grade, ""))


def class_label(energy: str | None) -> str:
    """An energy class's name in the interface's language ("Class A", "A类"); "—" for none."""
    if energy not in CLASSES:
        return "—"
    return gettext("Class %(letter)s") % {"letter": energy}


class ScoringError(ValueError):
    """Input the rules cannot score; `code` names the reason, `detail` what was wrong."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


# Step 1 — category value


def weighted_mean(pairs: Iterable[tuple[int, Decimal]]) -> Decimal:
    """The weighted mean of (score, weight) pairs, cut (not rounded) to two places.

    Cutting keeps the tier honest: a mean of 2.996 shows as 2.99 and is low against a threshold of
    3, where rounding would show 3.00 next to a "low" verdict. With a threshold of at most two
    places, `cut mean >= threshold` exactly when `mean >= threshold`.
    """
    pairs = list(pairs)
    if not pairs:
        raise ScoringError("no_factors")
    total = weights = Decimal(0)
    for score, weight in pairs:
        if isinstance(score, bool) or int(score) != score or not SCORE_MIN <= score <= SCORE_MAX:
            raise ScoringError("score_out_of_range", str(score))
        weight = Decimal(weight)
        if weight < 0:
            raise ScoringError("negative_weight", str(weight))
        total += weight * score
        weights += weight
    if weights == 0:
        raise ScoringError("all_weights_zero")
    return (total / weights).quantize(AXIS_PLACES, rounding=ROUND_DOWN)


def tier_for(attractiveness: Decimal, advantage: Decimal, threshold: Decimal) -> int:
    """一级 high/high, 二级 attractive but weak, 三级 strong but unattractive, 四级 low/low."""
    attractive = attractiveness >= threshold
    strong = advantage >= threshold
    if attractive and strong:
        return 1
    if attractive:
        return 2
    if strong:
        return 3
    return 4


# Step 2 — customer energy


@dataclass(frozen=True)
class EnergyRule:
    """The scores of the four order sizes and likelihoods (best first) and the class edges."""

    order_scores: tuple[Decimal, Decimal, Decimal, Decimal]
    likelihood_scores: tuple[Decimal, Decimal, Decimal, Decimal]
    a_above: Decimal
    b_above: Decimal
    c_above: Decimal


DEFAULT_ENERGY_RULE = EnergyRule(
    order_scores=(Decimal("5.1"), Decimal("4.1"), Decimal("3.1"), Decimal("2.1")),
    likelihood_scores=(Decimal("4.9"), Decimal("3.9"), Decimal("2.9"), Decimal("1.9")),
    a_above=Decimal("8"),
    b_above=Decimal("6"),
    c_above=Decimal("4"),
)


def energy_score(order_level: int, likelihood_level: int, rule: EnergyRule) -> Decimal:
    if order_level not in LEVELS or likelihood_level not in LEVELS:
        raise ScoringError("level_out_of_range", f"{order_level}, {likelihood_level}")
    return rule.order_scores[order_level - 1] + rule.likelihood_scores[likelihood_level - 1]


def energy_class(total: Decimal, rule: EnergyRule) -> str:
    """Each band is (lower, upper]: 8 itself is B, anything above 8 is A (DOMAIN.md)."""
    if total > rule.a_above:
        return "A"
    if total > rule.b_above:
        return "B"
    if total > rule.c_above:
        return "C"
    return "D"


def class_for(order_level: int, likelihood_level: int, rule: EnergyRule) -> str:
    return energy_class(energy_score(order_level, likelihood_level, rule), rule)


def class_table(rule: EnergyRule) -> list[list[tuple[Decimal, str]]]:
    """(score, class) for every order level (rows) × likelihood level (columns)."""
    return [
        [
            (energy_score(order, likelihood, rule), class_for(order, likelihood, rule))
            for likelihood in LEVELS
        ]
        for order in LEVELS
    ]


def level_pairs_of_class(energy: str, rule: EnergyRule) -> list[tuple[int, int]]:
    """The (order, likelihood) level pairs that give `energy` under `rule`."""
    return [
        (order, likelihood)
        for order in LEVELS
        for likelihood in LEVELS
        if class_for(order, likelihood, rule) == energy
    ]


# Step 3 — priority

PRIORITY_TABLE: dict[tuple[int, str], int] = {
    # P1: 一级A、B类、二级A类
    (1, "A"): 1,
    (1, "B"): 1,
    (2, "A"): 1,
    # P2: 二级B、C类、其他一级
    (2, "B"): 2,
    (2, "C"): 2,
    (1, "C"): 2,
    (1, "D"): 2,
    # P3: 三级A类、其他二级
    (3, "A"): 3,
    (2, "D"): 3,
    # P4: 三级B类以下所有客户 (and all of tier 4)
    (3, "B"): 4,
    (3, "C"): 4,
    (3, "D"): 4,
    (4, "A"): 4,
    (4, "B"): 4,
    (4, "C"): 4,
    (4, "D"): 4,
}


def priority_for(tier: int | None, energy: str | None) -> int | None:
    """P1–P4 from tier × class; None until both steps are done."""
    if tier is None or not energy:
        return None
    return PRIORITY_TABLE[(tier, energy)]


def pairs_of_priority(priority: int) -> list[tuple[int, str]]:
    return [pair for pair, value in PRIORITY_TABLE.items() if value == priority]


# The funnel


def class_rank(energy: str) -> int:
    """0 for A (the mouth) … 3 for D: a lower rank is closer to A."""
    return CLASSES.index(energy)


def month_index(month: date) -> int:
    return month.year * 12 + month.month - 1


@dataclass(frozen=True)
class SnapshotPoint:
    customer_id: int
    month: date  # the first day of the month
    energy_class: str  # "" when the customer had no class that month


@dataclass(frozen=True)
class Move:
    customer_id: int
    month: date
    from_class: str
    to_class: str

    @property
    def upward(self) -> bool:
        return class_rank(self.to_class) < class_rank(self.from_class)


@dataclass(frozen=True)
class FunnelRule:
    """The administrator's reading of "sparse", "many" and "a long time" (DOMAIN.md)."""

    sparse_below: int = 5  # fewer classed customers than this is sparse (稀稀落落)
    pipeline_min: int = 1  # fewer C and D customers than this: nothing behind (缺乏后劲)
    many_share: Decimal = Decimal("50")  # C and D are "many" at this share (%) of the funnel
    window_months: int = 3  # no move toward A in this many months is "a long time"
    stocked_min: int = 1  # a class is stocked with at least this many customers


@dataclass(frozen=True)
class Verdict:
    grade: str  # 优, 良, 中, 差, or "" when there is nothing to judge
    rule: str  # which rule produced it: sparse, no_pipeline, virtuous, stalled, not_virtuous, none
    month: date | None
    counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    pipeline: int = 0  # C + D
    pipeline_share: Decimal = Decimal(0)
    empty_classes: tuple[str, ...] = ()
    recent_up_moves: int = 0
    window_start: date | None = None


def class_moves(points: Iterable[SnapshotPoint]) -> list[Move]:
    """Every change of class between a customer's consecutive classed snapshots, oldest first."""
    by_customer: dict[int, list[SnapshotPoint]] = defaultdict(list)
    for point in points:
        if point.energy_class:
            by_customer[point.customer_id].append(point)
    moves = []
    for customer_id, history in by_customer.items():
        history.sort(key=lambda point: point.month)
        for before, after in zip(history, history[1:], strict=False):
            if before.energy_class != after.energy_class:
                moves.append(
                    Move(customer_id, after.month, before.energy_class, after.energy_class)
                )
    moves.sort(key=lambda move: (move.month, move.customer_id))
    return moves


def class_counts(points: Iterable[SnapshotPoint]) -> dict[date, dict[str, int]]:
    """Customers per class in each month, every class present (zero when empty)."""
    counts: dict[date, Counter] = defaultdict(Counter)
    for point in points:
        counts[point.month][point.energy_class or ""] += 1
    return {
        month: {energy: counter.get(energy, 0) for energy in (*CLASSES, "")}
        for month, counter in sorted(counts.items())
    }


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def funnel_verdict(points: Sequence[SnapshotPoint], rule: FunnelRule) -> Verdict:
    """Judge the funnel on its latest month and the moves of the months before it.

    The rules are tried in order and the first that holds gives the verdict:
    差 sparse — fewer classed customers than `sparse_below`;
    中 no_pipeline — fewer C and D customers than `pipeline_min`;
    优 virtuous — every class holds `stocked_min` customers and someone moved toward A within the
    last `window_months` months;
    良 stalled — C and D make up `many_share` % or more and nobody moved toward A in that window;
    良 not_virtuous — otherwise: the pipeline is there but the cycle is not (yet) virtuous.
    """
    if not points:
        return Verdict(grade="", rule="none", month=None)
    latest = max(point.month for point in points)
    counts = class_counts(points)[latest]
    classed = {energy: counts[energy] for energy in CLASSES}
    total = sum(classed.values())
    pipeline = classed["C"] + classed["D"]
    share = (Decimal(pipeline) * 100 / total).quantize(Decimal("0.1")) if total else Decimal(0)
    start_index = month_index(latest) - rule.window_months + 1
    recent_up = [
        move
        for move in class_moves(points)
        if move.upward and month_index(move.month) >= start_index
    ]
    empty = tuple(energy for energy in CLASSES if classed[energy] < rule.stocked_min)
    facts = {
        "month": latest,
        "counts": classed,
        "total": total,
        "pipeline": pipeline,
        "pipeline_share": share,
        "empty_classes": empty,
        "recent_up_moves": len(recent_up),
        "window_start": _month_start(start_index),
    }
    if total < rule.sparse_below:
        return Verdict(grade="差", rule="sparse", **facts)
    if pipeline < rule.pipeline_min:
        return Verdict(grade="中", rule="no_pipeline", **facts)
    if not empty and recent_up:
        return Verdict(grade="优", rule="virtuous", **facts)
    many = Decimal(pipeline) * 100 >= rule.many_share * total  # exact, not the rounded share
    if many and not recent_up:
        return Verdict(grade="良", rule="stalled", **facts)
    return Verdict(grade="良", rule="not_virtuous", **facts)
