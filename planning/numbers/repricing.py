"""Repricing: after a price change from a month, the targets whose stored amount is no longer
quantity × the price now in force, previewed per plan, then derived again through the one write
path (`saving.save_grids` with `rederive`, reason `REPRICED`), all or nothing.

Only plans that are still editable are repriced; a submitted or approved plan is read-only, and
the preview names it as left as it was.
"""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from customers.models import Customer, Product
from customers.pricing import price_book
from planning.models import Plan, Target
from planning.numbers import grids, saving


@dataclass(frozen=True)
class RepricedCell:
    target: int
    customer: int
    product: int
    month: int
    quantity: Decimal
    revision: int
    old_amount: Decimal
    new_amount: Decimal


@dataclass
class PlanRepricing:
    """One plan's targets whose amount the price now in force changes."""

    plan: Plan
    cells: list[RepricedCell] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.cells)

    @property
    def old_total(self) -> Decimal:
        return sum((cell.old_amount for cell in self.cells), Decimal("0.00"))

    @property
    def new_total(self) -> Decimal:
        return sum((cell.new_amount for cell in self.cells), Decimal("0.00"))

    @property
    def difference(self) -> Decimal:
        return self.new_total - self.old_total


@dataclass
class Repricing:
    """What repricing the targets of `year` from `month` on would change."""

    year: int
    month: int
    product: Product | None = None
    customer: Customer | None = None
    plans: list[PlanRepricing] = field(default_factory=list)  # editable: repriced on confirm
    skipped: list[PlanRepricing] = field(default_factory=list)  # read-only: left as they are

    @property
    def count(self) -> int:
        return sum(plan.count for plan in self.plans)

    @property
    def old_total(self) -> Decimal:
        return sum((plan.old_total for plan in self.plans), Decimal("0.00"))

    @property
    def new_total(self) -> Decimal:
        return sum((plan.new_total for plan in self.plans), Decimal("0.00"))

    @property
    def fingerprint(self) -> str:
        """What the preview showed: a confirm finding anything else is refused, not applied."""
        text = "|".join(
            f"{cell.target}:{cell.revision}:{cell.new_amount}"
            for plan in self.plans
            for cell in plan.cells
        )
        return hashlib.sha256(text.encode()).hexdigest()


class RepricingMoved(Exception):
    """The targets or prices changed since the preview; `current` is the repricing now."""

    def __init__(self, current: Repricing):
        super().__init__("repricing moved since its preview")
        self.current = current


def repricing_preview(
    *, year: int, from_month: int, product: Product | None = None, customer: Customer | None = None
) -> Repricing:
    """The targets of `year`'s plans, months `from_month`–12 (of `product`, of `customer` when
    given), whose stored amount differs from quantity × the price in force in their month."""
    repricing = Repricing(year, from_month, product, customer)
    plans = {
        plan.pk: PlanRepricing(plan)
        for plan in Plan.objects.filter(period__year=year)
        .select_related("region", "period")
        .order_by("region__code", "version")
    }
    targets = Target.objects.filter(plan__in=list(plans), month__gte=from_month)
    scope = {}
    if product is not None:
        targets = targets.filter(product=product)
        scope["products"] = [product.pk]
    if customer is not None:
        targets = targets.filter(customer=customer)
        scope["customers"] = [customer.pk]
    book = price_book(**scope)
    rows = targets.values_list(
        "pk", "plan_id", "customer_id", "product_id", "month", "quantity", "revision", "amount"
    )
    for pk, plan_id, customer_id, product_id, month, quantity, revision, amount in rows.order_by(
        "plan_id", "product_id", "customer_id", "month"
    ):
        new = grids.target_amount(quantity, book.price(customer_id, product_id, year, month))
        if new != amount:
            plans[plan_id].cells.append(
                RepricedCell(pk, customer_id, product_id, month, quantity, revision, amount, new)
            )
    for entry in plans.values():
        if entry.cells:
            (repricing.plans if entry.plan.is_editable else repricing.skipped).append(entry)
    return repricing


class RepricedTargets(grids.TargetsByProduct):
    """One product's stored targets in a plan, every customer with one: an inactive customer's
    targets count in the plan's totals too, so they are repriced like the others."""

    def rows(self):
        customers = self.queryset().values_list("customer_id", flat=True).distinct()
        return [grids.Row(customer_id, "") for customer_id in customers]


def targets_reprice(
    *,
    user,
    year: int,
    from_month: int,
    fingerprint: str,
    product: Product | None = None,
    customer: Customer | None = None,
) -> tuple[Repricing, grids.SaveResult]:
    """Reprice what the preview with `fingerprint` showed, through the one write path.

    Raises RepricingMoved when the targets or prices changed since the preview (nothing saved),
    PermissionDenied for anyone but an administrator or a plan that became read-only.
    """
    repricing = repricing_preview(
        year=year, from_month=from_month, product=product, customer=customer
    )
    if repricing.fingerprint != fingerprint:
        raise RepricingMoved(repricing)
    batches: dict[tuple[int, int], list[grids.CellChange]] = {}
    for entry in repricing.plans:
        for cell in entry.cells:
            batches.setdefault((entry.plan.pk, cell.product), []).append(
                grids.CellChange(cell.customer, cell.month, str(cell.quantity), cell.revision)
            )
    plans = {entry.plan.pk: entry.plan for entry in repricing.plans}
    products = Product.objects.in_bulk({product_id for _plan, product_id in batches})
    result = saving.save_grids(
        user=user,
        batches=[
            (RepricedTargets(plans[plan_id], products[product_id]), changes)
            for (plan_id, product_id), changes in batches.items()
        ],
        reason=saving.REPRICED,
        rederive=True,
    )
    return repricing, result


def refusal(result: grids.SaveResult) -> str:
    """Why a repricing saved nothing, in the words of its first refused cell."""
    refused = result.conflicts or result.errors
    return refused[0].error if refused else _("Nothing was saved.")
