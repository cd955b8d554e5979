"""The pre-submit checks: a registry of named checks that later features add to."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from customers.models import Customer
from customers.standings import region_standings
from customers.strategy_models import CommittedAction
from planning.chapters.catalogue import CHAPTERS
from planning.models import Plan


@dataclass(frozen=True)
class CheckFailure:
    check: str
    message: str | Promise
    fix_url: str


CheckFunction = Callable[[Plan], Iterable[CheckFailure]]
_REGISTRY: dict[str, tuple[Promise, CheckFunction]] = {}


def register(name: str, label: Promise) -> Callable[[CheckFunction], CheckFunction]:
    def decorator(function: CheckFunction) -> CheckFunction:
        _REGISTRY[name] = (label, function)
        return function

    return decorator


def registered_checks() -> list[tuple[str, Promise]]:
    return [(name, label) for name, (label, _function) in _REGISTRY.items()]


def run_checks(plan: Plan) -> list[CheckFailure]:
    failures: list[CheckFailure] = []
    for _label, function in _REGISTRY.values():
        failures.extend(function(plan))
    return failures


@register("summary_filled", _("The summary is filled in"))
def check_summary_filled(plan: Plan) -> Iterable[CheckFailure]:
    if not plan.strategy_changes.strip():
        yield CheckFailure(
            "summary_filled",
            _("The summary's major marketing-strategy changes are empty."),
            reverse("plan_summary_edit", args=[plan.pk]),
        )


# --- Headquarters' checks: the figures tie together and nothing is left empty ------------------


@register("targets_entered", _("The targets add up to the summary's total"))
def check_targets_entered(plan: Plan) -> Iterable[CheckFailure]:
    # The summary's total is computed from the targets, so it ties by construction; what can go
    # wrong is a plan without targets, whose total is zero.
    if not plan.targets.filter(amount__gt=0).exists():
        yield CheckFailure(
            "targets_entered",
            _("No targets are entered: the summary's regional total is zero."),
            reverse("targets_home", args=[plan.pk]),
        )


@register("pnl_ties_to_targets", _("The P&L's income ties to the targets"))
def check_pnl_ties_to_targets(plan: Plan) -> Iterable[CheckFailure]:
    from planning.numbers import reports  # reports reads every figure; loaded only when checking

    table, _products, _lines = reports.profit_and_loss(plan)
    targets = reports.summary_figures(plan).target_amount
    if table.total.income_total.plan != targets:
        yield CheckFailure(
            "pnl_ties_to_targets",
            _("The P&L's planned income (%(income)s) differs from the targets (%(targets)s).")
            % {"income": table.total.income_total.plan, "targets": targets},
            reverse("profit_and_loss", args=[plan.pk]),
        )


@register("p1_customers_have_actions", _("Every P1 customer has a committed action"))
def check_p1_customers_have_actions(plan: Plan) -> Iterable[CheckFailure]:
    standings = region_standings(
        Customer.objects.filter(region=plan.region, active=True), plan.period
    )
    first = [s.customer for s in standings if s.priority == 1]
    committed = set(
        CommittedAction.objects.filter(period=plan.period, customer__in=first).values_list(
            "customer_id", flat=True
        )
    )
    for customer in first:
        if customer.pk not in committed:
            yield CheckFailure(
                "p1_customers_have_actions",
                _("%(customer)s is a P1 customer without a committed action.")
                % {"customer": customer.name},
                reverse("customer_detail", args=[customer.pk]),
            )


# The written chapters. Performance analysis is left out: its content is computed from last
# period's plan and actuals (a first-year region has none), and explanations are optional.
CHAPTER_EDIT_URLS = {
    "market": "plan_market_edit",
    "swot": "plan_swot_edit",
    "strategies": "plan_strategies_edit",
    "actions": "plan_actions_edit",
    "organisation": "plan_organisation_edit",
    "control": "plan_control_edit",
}


@register("no_empty_chapter", _("No chapter is empty"))
def check_no_empty_chapter(plan: Plan) -> Iterable[CheckFailure]:
    from planning.versions.content import (
        content_of,  # content reads every chapter; only when checking
    )

    texts = content_of(plan)["texts"]
    for chapter in CHAPTERS:
        if chapter.slug not in CHAPTER_EDIT_URLS or texts.get(chapter.slug, "").strip():
            continue
        yield CheckFailure(
            "no_empty_chapter",
            _("Chapter %(number)s, %(title)s, is empty.")
            % {"number": chapter.number, "title": chapter.title},
            reverse(CHAPTER_EDIT_URLS[chapter.slug], args=[plan.pk]),
        )
