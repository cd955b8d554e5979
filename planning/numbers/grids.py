"""Editable month grids: which cells a grid holds and who may write them.

Every write goes through `planning.numbers.saving`; a grid only describes its cells.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.access import can_edit_region
from customers.models import Customer, Product
from customers.pricing import PriceBook, price_book
from planning.access import check_plan_repriceable, check_plan_writable
from planning.models import (
    CollectionPlan,
    ExpenseBudget,
    ExpenseLine,
    OpeningBalance,
    Plan,
    Target,
)
from planning.numbers.rollups import GridTotals
from planning.review.services import plan_begin_edit
from salesplan.exact_sums import grouped_sums
from salesplan.money import MONEY_LIMIT, AmountError, quantize_money
from salesplan.months import MONTHS, month_label

ERROR_MESSAGES = {
    "invalid": gettext_lazy("Type a number, such as 1,234.50."),
    "negative": gettext_lazy("This figure cannot be negative."),
    "max_decimal_places": gettext_lazy("At most two decimal places."),
    "too_large": gettext_lazy("Too large: the limit is 999,999,999,999.99."),
    "unknown_cell": gettext_lazy("This cell is not part of the grid."),
}


@dataclass(frozen=True)
class Row:
    id: int
    label: str
    detail: str = ""


@dataclass(frozen=True)
class CellChange:
    row: int
    month: int
    raw: str
    revision: int


@dataclass
class CellOutcome:
    row: int
    month: int
    raw: str
    value: Decimal | None = None
    revision: int = 0
    error: str = ""
    conflict_value: Decimal | None = None
    conflict_user: str = ""
    blocked: bool = False  # a good value not saved because another cell of its block was refused


@dataclass
class SaveResult:
    saved: list[CellOutcome] = field(default_factory=list)
    errors: list[CellOutcome] = field(default_factory=list)
    conflicts: list[CellOutcome] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.conflicts


class Grid(ABC):
    """One grid of a plan: rows × months of one model's value field, with fixed other keys."""

    model: type[models.Model]
    row_field: str
    value_field = "amount"
    allow_negative = False
    is_plan_content = True  # actuals are facts: entered whatever the plan's state
    months: tuple[int, ...] = MONTHS
    # The columns a row's total adds up: the year's months (a column outside them, such as an
    # opening balance, is shown on its own).
    total_months: tuple[int, ...] = MONTHS
    title = ""

    def __init__(self, plan: Plan):
        self.plan = plan

    # What the grid holds
    @abstractmethod
    def fixed(self) -> dict:
        """The keys every cell of this grid shares (plan, product, …)."""

    @abstractmethod
    def rows(self) -> list[Row]:
        """The rows a user may fill, in display order."""

    def queryset(self):
        return self.model.objects.filter(**self.fixed())

    @property
    def row_key(self) -> str:
        return f"{self.row_field}_id"

    def cells(self, rows=None) -> dict[tuple[int, int], tuple[Decimal, int]]:
        """(row, month) → (value, revision) for the stored cells; absent cells are zero."""
        queryset = self.queryset()
        if rows is not None:
            queryset = queryset.filter(**{f"{self.row_key}__in": rows})
        return {
            (row, month): (value, revision)
            for row, month, value, revision in queryset.values_list(
                self.row_key, "month", self.value_field, "revision"
            )
        }

    def totals(self, rows) -> "GridTotals":
        """Totals after a save, summed by the database: the given rows, every month, the grid."""
        in_year = self.queryset().filter(month__in=self.total_months)
        row_totals = sums(
            in_year.filter(**{f"{self.row_key}__in": rows}), self.row_key, self.value_field
        )
        month_totals = sums(self.queryset(), "month", self.value_field)
        return GridTotals(
            row_totals=row_totals,
            month_totals={m: month_totals.get(m, Decimal(0)) for m in self.months},
            grand_total=sum(
                (month_totals.get(m, Decimal(0)) for m in self.total_months), Decimal("0.00")
            ),
        )

    def column_label(self, month: int) -> str:
        """A column's heading (and a cell's name in messages): the month, in the reader's
        language."""
        return str(month_label(month))

    def values(self) -> list[tuple[int, int, Decimal]]:
        return list(self.queryset().values_list(f"{self.row_field}_id", "month", self.value_field))

    # Who may write
    def check_writable(self, user) -> None:
        if self.is_plan_content:
            plan_begin_edit(plan=self.plan, user=user)
        elif not can_edit_region(user, self.plan.region):
            raise PermissionDenied(_("Only the region's manager can enter its actuals."))

    def can_write(self, user) -> bool:
        if not can_edit_region(user, self.plan.region):
            return False
        return self.plan.is_editable or not self.is_plan_content

    def check_rederivable(self, user) -> None:
        """Deriving computed fields again (repricing) is an administrator's correction of a plan
        that is still editable; checked under the plan's lock, like `check_writable`."""
        if not self.is_plan_content:
            raise PermissionDenied(_("Only a plan's own figures are derived again."))
        check_plan_repriceable(user, Plan.objects.select_for_update().get(pk=self.plan.pk))

    def refuse_unless_writable(self, user) -> None:
        """Raise PermissionDenied (with the reason) before anything is read from a request."""
        if self.is_plan_content:
            check_plan_writable(user, self.plan)
        elif not can_edit_region(user, self.plan.region):
            raise PermissionDenied(_("Only the region's manager can enter its actuals."))

    # Hooks for derived fields
    def new_object(self, row: int, month: int) -> models.Model:
        return self.model(**self.fixed(), **{f"{self.row_field}_id": row, "month": month})

    def derive(self, obj) -> list[str]:
        """Set computed fields of `obj` after its value changed; return their names."""
        return []

    def check_value(self, row: int, month: int, value: Decimal) -> None:
        """Raise AmountError when a computed field of the cell would not fit (see `derive`)."""
        return None


def sums(queryset, key: str, field: str = "amount") -> dict:
    """SUM(field) GROUP BY key, in the database, exactly (`ExactSum`)."""
    return dict(grouped_sums(queryset, key, field=field))


def target_amount(quantity: Decimal, price: Decimal) -> Decimal:
    """A target's amount: its quantity × the price in force in its month, in cents."""
    return quantize_money(quantity * price)


class PricedTargets(Grid):
    """Targets: quantities typed, amounts derived at the price in force in each cell's month
    (`customers.pricing`, read once per grid)."""

    model = Target
    value_field = "quantity"

    def __init__(self, plan: Plan):
        super().__init__(plan)
        self._book: PriceBook | None = None

    @abstractmethod
    def pair(self, row: int) -> tuple[int, int]:
        """(customer id, product id) of a row."""

    @abstractmethod
    def price_scope(self) -> dict:
        """The customers and products whose prices the grid reads (`price_book`'s arguments)."""

    def price_for(self, row: int, month: int) -> Decimal:
        if self._book is None:
            self._book = price_book(**self.price_scope())
        customer_id, product_id = self.pair(row)
        return self._book.price(customer_id, product_id, self.plan.period.year, month)

    def derive(self, obj):
        obj.amount = target_amount(
            obj.quantity, self.price_for(getattr(obj, self.row_key), obj.month)
        )
        return ["amount"]

    def check_value(self, row, month, value):
        if target_amount(value, self.price_for(row, month)) >= MONEY_LIMIT:
            raise AmountError("too_large")  # the amount, quantity × price, would not fit


class TargetsByProduct(PricedTargets):
    """销售预测与分解: one product's quantities, customers × months."""

    row_field = "customer"

    def __init__(self, plan: Plan, product: Product):
        super().__init__(plan)
        self.product = product

    def fixed(self):
        return {"plan": self.plan, "product": self.product}

    def rows(self):
        return [
            Row(customer.id, customer.name, customer.industry)
            for customer in Customer.objects.filter(region=self.plan.region, active=True)
        ]

    def pair(self, row):
        return row, self.product.pk

    def price_scope(self):
        region_customers = Customer.objects.filter(region_id=self.plan.region_id).values("pk")
        return {"customers": region_customers, "products": [self.product.pk]}


class TargetsByCustomer(PricedTargets):
    """The same targets seen from one customer: products × months."""

    row_field = "product"
    # Each row is a product in its own unit: quantities add up within a row only.
    mixed_units = True

    def __init__(self, plan: Plan, customer: Customer):
        super().__init__(plan)
        self.customer = customer

    def fixed(self):
        return {"plan": self.plan, "customer": self.customer}

    def rows(self):
        return [
            Row(product.id, product.display_name, product.unit)
            for product in Product.objects.filter(active=True)
        ]

    def pair(self, row):
        return self.customer.pk, row

    def price_scope(self):
        return {"customers": [self.customer.pk]}


def customer_rows(plan: Plan, *, active_only: bool = True) -> list[Row]:
    """The region's customers as a grid's rows, with their payment terms."""
    customers = Customer.objects.filter(region=plan.region)
    if active_only:
        customers = customers.filter(active=True)
    return [Row(customer.id, customer.name, customer.payment_terms) for customer in customers]


class CollectionsGrid(Grid):
    """帐款回收规划表: one product's planned collections (计划), customers × months."""

    model = CollectionPlan
    row_field = "customer"

    def __init__(self, plan: Plan, product: Product):
        super().__init__(plan)
        self.product = product

    def fixed(self):
        return {"plan": self.plan, "product": self.product}

    def rows(self):
        return customer_rows(self.plan)


class OpeningBalanceGrid(Grid):
    """期初欠款: what each customer owes as the year begins, by the month of the previous year it
    was invoiced in (column 0: not known, 未分龄). A row's total is the customer's opening."""

    model = OpeningBalance
    row_field = "customer"
    months = (OpeningBalance.NOT_AGED, *MONTHS)
    total_months = months

    def fixed(self):
        return {"plan": self.plan}

    def rows(self):
        return customer_rows(self.plan)

    def column_label(self, month):
        if month == OpeningBalance.NOT_AGED:
            return _("Not aged (未分龄)")
        year = self.plan.period.year - 1
        return _("%(month)s %(year)s") % {"month": month_label(month), "year": year}

    def column_groups(self) -> list[tuple[str, int]]:
        """A heading row above the columns: (text, columns spanned)."""
        year = self.plan.period.year - 1
        return [("", 1), (_("Invoiced in %(year)s") % {"year": year}, len(MONTHS))]

    def short_column_label(self, month) -> str:
        return self.column_label(month) if month == OpeningBalance.NOT_AGED else month_label(month)


class ExpenseBudgetGrid(Grid):
    """支出项: the planned amount of each expense line per month."""

    model = ExpenseBudget
    row_field = "line"

    def fixed(self):
        return {"plan": self.plan}

    def rows(self):
        # The market activities' line is planned in the action plan: it is not typed twice.
        lines = ExpenseLine.objects.filter(active=True).exclude(code=ExpenseLine.MARKET_ACTIVITIES)
        return [Row(line.id, line.display_name) for line in lines]
