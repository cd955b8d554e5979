"""Pure rules of the competitive position: capability, share validation and market roles.

Plain values in and out, exact decimals throughout; the pages state the same rules in words.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

SCORE_MIN, SCORE_MAX = 1, 5  # enterprise-capability factors are scored 1–5
SHARE_LIMIT = Decimal("100")
# The defaults of the administrator's RoleThresholds (competition.models.RoleThresholds):
# a company below this market share (in %) that does not lead is a nicher;
NICHE_SHARE = Decimal("10")
# a non-leader whose capability is at most this far below the leader's is a challenger.
CHALLENGER_GAP = Decimal("0.5")
CAPABILITY_PLACES = Decimal("0.01")


class Role(models.TextChoices):
    LEADER = "leader", _("Leader (领导者)")
    CHALLENGER = "challenger", _("Challenger (挑战者)")
    FOLLOWER = "follower", _("Follower (跟随者)")
    NICHER = "nicher", _("Nicher (补缺者)")


# Our role in a sentence: "on 产品A we are <a follower>".
ROLE_IN_SENTENCE = {
    Role.LEADER: _("the leader"),
    Role.CHALLENGER: _("a challenger"),
    Role.FOLLOWER: _("a follower"),
    Role.NICHER: _("a nicher"),
}


@dataclass(frozen=True)
class RoleThresholdValues:
    """The two thresholds of the role rule, read once from the administrator's settings."""

    niche_share: Decimal = NICHE_SHARE
    challenger_gap: Decimal = CHALLENGER_GAP


def capability(
    scores: Mapping[Hashable, int], weights: Mapping[Hashable, Decimal]
) -> Decimal | None:
    """The weighted mean of the scored factors, to two places; None when nothing is scored.

    A factor without a score (added after the assessment) or with weight 0 does not count.
    """
    total_weight = Decimal(0)
    weighted = Decimal(0)
    for factor, score in scores.items():
        weight = Decimal(weights.get(factor, 0))
        if score is None or weight <= 0:
            continue
        if not SCORE_MIN <= score <= SCORE_MAX:
            raise ValueError(f"capability score {score} is outside {SCORE_MIN}–{SCORE_MAX}")
        weighted += weight * Decimal(score)
        total_weight += weight
    if not total_weight:
        return None
    return (weighted / total_weight).quantize(CAPABILITY_PLACES, rounding=ROUND_HALF_UP)


class SharesExceedLimit(ValueError):
    """The market shares of one product line add up to more than 100 %."""

    def __init__(self, total: Decimal):
        super().__init__(f"shares add up to {total} %")
        self.total = total


def check_shares(shares: Iterable[Decimal]) -> Decimal:
    """The total of one product line's shares; raises SharesExceedLimit above 100 %."""
    values = list(shares)
    for share in values:
        if share < 0 or share > SHARE_LIMIT:
            raise ValueError(f"a share of {share} % is outside 0–100")
    total = sum(values, Decimal(0))
    if total > SHARE_LIMIT:
        raise SharesExceedLimit(total)
    return total


@dataclass(frozen=True)
class Company:
    """One company on a product line: `key` identifies it (None may stand for us)."""

    key: Hashable
    share: Decimal
    capability: Decimal | None


def _rank_key(company: Company) -> tuple[Decimal, Decimal]:
    # Higher share first, then higher capability; an unscored capability ranks below any score.
    return (-company.share, -(company.capability if company.capability is not None else -1))


def derive_roles(
    companies: Sequence[Company],
    *,
    niche_share: Decimal = NICHE_SHARE,
    challenger_gap: Decimal = CHALLENGER_GAP,
) -> dict[Hashable, str]:
    """Each company's role on one product line, by the rule the position page states.

    1. Rank by market share, then by capability. Companies equal on both share the rank.
    2. Rank 1 is the leader, if its share is above zero; companies tied for rank 1 lead together.
    3. Any other company with less than `niche_share` % is a nicher.
    4. Of the rest, one whose capability is at least the leader's minus `challenger_gap` is a
       challenger; the others (and those without capability scores) are followers.
    The result does not depend on the order in which the companies are given.
    """
    if not companies:
        return {}
    ordered = sorted(companies, key=_rank_key)
    top = _rank_key(ordered[0])
    leaders = [c for c in ordered if _rank_key(c) == top and c.share > 0]
    leader_capability = leaders[0].capability if leaders else None
    roles: dict[Hashable, str] = {}
    for company in ordered:
        if company in leaders:
            roles[company.key] = Role.LEADER
        elif company.share < niche_share:
            roles[company.key] = Role.NICHER
        elif company.capability is not None and (
            leader_capability is None or company.capability >= leader_capability - challenger_gap
        ):
            roles[company.key] = Role.CHALLENGER
        else:
            roles[company.key] = Role.FOLLOWER
    return roles


@dataclass(frozen=True)
class LineRole:
    """Our role in force on one product line (`line` identifies it) and our share there."""

    line: Hashable
    role: str
    share: Decimal


def strategy_misfits(
    strategy_role: str, line: Hashable | None, our_roles: Mapping[Hashable, LineRole]
) -> list[LineRole]:
    """The product lines where a strategy written for `strategy_role` does not fit our role.

    A mismatch is a warning, never a refusal: the manager may have reasons. A strategy for one
    line is checked against our role there; one for every line (`line` None) against each line
    we assessed. A line without our role (not assessed) raises nothing.
    """
    if line is None:
        lines = list(our_roles.values())
    else:
        lines = [our_roles[line]] if line in our_roles else []
    return [ours for ours in lines if ours.role and ours.role != strategy_role]
