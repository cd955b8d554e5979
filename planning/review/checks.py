"""The pre-submit checks: a registry of named checks that later features add to."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from customers.models import CommittedAction, Customer
from customers.standings import region_standings
from planning.chapters.catalogue import CHAPTERS, CHAPTERS_BY_SLUG
from planning.models import Plan
from salesplan.money import quantize_money


@dataclass(frozen=True)
class CheckFailure:
    check: str
    message: str | Promise
    fix_url: str
    # A warning is shown before submitting but does not block it.
    warning: bool = False


CheckFunction = Callable[[Plan], Iterable[CheckFailure]]
_REGISTRY: dict[str, tuple[Promise, CheckFunction, bool]] = {}


def register(
    name: str, label: Promise, *, warning: bool = False
) -> Callable[[CheckFunction], CheckFunction]:
    def decorator(function: CheckFunction) -> CheckFunction:
        _REGISTRY[name] = (label, function, warning)
        return function

    return decorator


def registered_checks() -> list[tuple[str, Promise]]:
    return [(name, label) for name, (label, _function, _warning) in _REGISTRY.items()]


def run_checks(plan: Plan) -> list[CheckFailure]:
    """Every check's findings, blocking ones and warnings (`CheckFailure.warning`)."""
    failures: list[CheckFailure] = []
    for _label, function, _warning in _REGISTRY.values():
        failures.extend(function(plan))
    return failures


def blocking(failures: Iterable[CheckFailure]) -> list[CheckFailure]:
    """The findings that stop a submission; warnings are shown but do not."""
    return [failure for failure in failures if not failure.warning]


def warnings(failures: Iterable[CheckFailure]) -> list[CheckFailure]:
    """The findings shown before submitting that do not stop it."""
    return [failure for failure in failures if failure.warning]


@register("summary_filled", _("The summary is filled in"))
def check_summary_filled(plan: Plan) -> Iterable[CheckFailure]:
    if not plan.strategy_changes.strip():
        yield CheckFailure(
            "summary_filled",
            _("The summary's major marketing-strategy changes are empty."),
            reverse(CHAPTERS_BY_SLUG["summary"].edit_url_name, args=[plan.pk]),
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


# The collections plan and the targets are entered separately: a plan that invoices much more than
# it collects ends the year with debt that headquarters will question.
OUTSTANDING_MONTHS_OF_SALES = 3


@register(
    "outstanding_within_three_months",
    _("Planned year-end outstanding is at most three months of planned sales"),
    warning=True,
)
def check_outstanding_within_three_months(plan: Plan) -> Iterable[CheckFailure]:
    from planning.numbers import reports  # reports reads every figure; loaded only when checking

    line = reports.summary_figures(plan)
    sales, outstanding = line.target, line.outstanding_plan
    limit = quantize_money(sales * OUTSTANDING_MONTHS_OF_SALES / 12)
    if sales > 0 and outstanding > limit:
        yield CheckFailure(
            "outstanding_within_three_months",
            _(
                "The plan ends the year with %(outstanding)s outstanding (opening balance + "
                "planned sales − planned collections), more than three months of planned "
                "sales (%(limit)s). Plan more collections, or explain it in the summary."
            )
            % {"outstanding": f"{outstanding:,.2f}", "limit": f"{limit:,.2f}"},
            reverse("collections_plan", args=[plan.pk]),
            warning=True,
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


@register("no_empty_chapter", _("No chapter is empty"))
def check_no_empty_chapter(plan: Plan) -> Iterable[CheckFailure]:
    from planning.versions.content import (
        content_of,  # content reads every chapter; only when checking
    )

    texts = content_of(plan)["texts"]
    for chapter in CHAPTERS:
        if not chapter.written or texts.get(chapter.slug, "").strip():
            continue
        yield CheckFailure(
            "no_empty_chapter",
            _("Chapter %(number)s, %(title)s, is empty.")
            % {"number": chapter.number, "title": chapter.title},
            reverse(chapter.edit_url_name, args=[plan.pk]),
        )
