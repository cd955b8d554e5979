"""The demo's figures: plausible, repeatable targets, collections, budgets and actuals for a
region, written through the one save path of the grids."""

import random
from decimal import Decimal

from customers.models import Customer, Period, Product, Region, User
from planning.models import ActualSale, ExpenseLine, Plan, Target
from planning.numbers import actual_grids, grids, saving

# Monthly seasonality of the demo market: a slow February (Spring Festival), a strong Q4.
SEASON = [Decimal(w) for w in ("7", "5", "8", "8", "8", "9", "8", "8", "9", "9", "10", "11")]
EXPENSES = {
    "advertising": Decimal("18000"),
    "salaries": Decimal("95000"),
    "relations": Decimal("12000"),
}


class DemoFigures:
    """Plausible, repeatable figures for one region, written through the grids' save path."""

    def __init__(self, region: Region, manager: User):
        self.region = region
        self.manager = manager
        self.customers = list(Customer.objects.filter(region=region, active=True))
        self.products = list(Product.objects.filter(active=True))
        self.random = random.Random(f"salesplan-demo-{region.code}")  # noqa: S311 - demo data
        # Yearly base quantity per customer and product; some pairs buy nothing.
        self.base = {
            (c.id, p.id): Decimal(self.random.choice([0, 0, 6, 12, 24, 36, 60, 120]))
            for c in self.customers
            for p in self.products
        }

    def _monthly(self, yearly: Decimal, month: int, factor: Decimal) -> Decimal:
        share = yearly * SEASON[month - 1] / sum(SEASON) * factor
        return share.quantize(Decimal("1"))

    def actuals(self, period: Period, *, months) -> None:
        if ActualSale.objects.filter(region=self.region, period=period).exists():
            return
        plan = Plan(region=self.region, period=period)  # grids of actuals need region and period
        factor = Decimal("1.00") if period.year == 2025 else Decimal("1.07")
        expenses = []
        for product in self.products:
            grid = actual_grids.ActualSalesGrid(plan, product, "quantity")
            changes = []
            for customer in self.customers:
                yearly = self.base[(customer.id, product.id)]
                for month in months:
                    noise = Decimal(self.random.randint(85, 115)) / 100
                    quantity = self._monthly(yearly, month, factor * noise)
                    if quantity:
                        changes.append(grids.CellChange(customer.id, month, str(quantity), 0))
            saving.save_cells(grid, user=self.manager, reason=saving.DEMO, changes=changes)
        # Amounts follow from the quantities at the list price, less a small discount.
        for product in self.products:
            grid = actual_grids.ActualSalesGrid(plan, product, "amount")
            changes = [
                grids.CellChange(
                    customer_id,
                    month,
                    str(
                        (quantity * product.list_price * Decimal("0.97")).quantize(Decimal("0.01"))
                    ),
                    revision,
                )
                for customer_id, month, quantity, revision in grid.queryset().values_list(
                    "customer_id", "month", "quantity", "revision"
                )
            ]
            saving.save_cells(grid, user=self.manager, reason=saving.DEMO, changes=changes)
        sales: dict[int, dict] = {}
        for customer_id, product_id, month, amount in ActualSale.objects.filter(
            region=self.region, period=period
        ).values_list("customer_id", "product_id", "month", "amount"):
            cells = sales.setdefault(product_id, {})
            cells[(customer_id, month)] = cells.get((customer_id, month), Decimal(0)) + amount
        for product in self.products:
            collections = [
                grids.CellChange(
                    customer_id,
                    month + 1,
                    str((amount * Decimal("0.9")).quantize(Decimal("0.01"))),
                    0,
                )
                for (customer_id, month), amount in sales.get(product.id, {}).items()
                if month + 1 in months  # customers pay about a month later
            ]
            saving.save_cells(
                actual_grids.ActualCollectionsGrid(plan, product),
                user=self.manager,
                reason=saving.DEMO,
                changes=collections,
            )
        lines = {line.code: line for line in ExpenseLine.objects.all()}
        for code, monthly in EXPENSES.items():
            for month in months:
                noise = Decimal(self.random.randint(90, 110)) / 100
                expenses.append(
                    grids.CellChange(
                        lines[code].id, month, str((monthly * noise).quantize(Decimal("1"))), 0
                    )
                )
        saving.save_cells(
            actual_grids.ActualExpensesGrid(plan),
            user=self.manager,
            reason=saving.DEMO,
            changes=expenses,
        )

    def plan_figures(self, plan: Plan, *, growth: Decimal) -> None:
        if Target.objects.filter(plan=plan).exists():
            return
        factor = 1 + growth / 100
        for product in self.products:
            changes = [
                grids.CellChange(customer.id, month, str(quantity), 0)
                for customer in self.customers
                for month in range(1, 13)
                if (quantity := self._monthly(self.base[(customer.id, product.id)], month, factor))
            ]
            saving.save_cells(
                grids.TargetsByProduct(plan, product),
                user=self.manager,
                reason=saving.DEMO,
                changes=changes,
            )
        forecast: dict[int, dict] = {}
        for customer_id, product_id, month, amount in Target.objects.filter(plan=plan).values_list(
            "customer_id", "product_id", "month", "amount"
        ):
            forecast.setdefault(product_id, {})[(customer_id, month)] = amount
        openings = [
            grids.CellChange(customer.id, month, str(amount), 0)
            for index, customer in enumerate(self.customers)
            # Every customer owes something as the year begins (the draw as it was, so the rest
            # of the demo's figures stay the same).
            for month, amount in _opening_by_age(
                index, (self.random.randint(0, 8) + 2) * 10000
            ).items()
        ]
        saving.save_cells(
            grids.OpeningBalanceGrid(plan), user=self.manager, reason=saving.DEMO, changes=openings
        )
        # Each month collects the month before's sales of each product; January collects what
        # was invoiced last October to December (under the customer's first product). Older
        # debt, and debt of unknown age, stays outstanding.
        first = self.products[0].id
        for change in openings:
            if change.month >= 10:
                cells = forecast.setdefault(first, {})
                key = (change.row, 0)
                cells[key] = cells.get(key, Decimal(0)) + Decimal(change.raw)
        for product in self.products:
            collections = [
                grids.CellChange(customer_id, month + 1, str(amount.quantize(Decimal("1"))), 0)
                for (customer_id, month), amount in forecast.get(product.id, {}).items()
                if month < 12
            ]
            saving.save_cells(
                grids.CollectionsGrid(plan, product),
                user=self.manager,
                reason=saving.DEMO,
                changes=collections,
            )
        lines = {line.code: line for line in ExpenseLine.objects.all()}
        budget = [
            grids.CellChange(lines[code].id, month, str(monthly * factor), 0)
            for code, monthly in EXPENSES.items()
            for month in range(1, 13)
        ]
        saving.save_cells(
            grids.ExpenseBudgetGrid(plan), user=self.manager, reason=saving.DEMO, changes=budget
        )


# How the demo's opening balances are aged: most is last November's and December's invoices
# (60-day terms); some customers still owe from October, one from June (over 90 days), and
# some amounts' months are not known.
OPENING_AGES = (
    {12: Decimal("0.6"), 11: Decimal("0.4")},
    {12: Decimal("0.5"), 11: Decimal("0.3"), 10: Decimal("0.2")},
    {12: Decimal("0.4"), 6: Decimal("0.6")},
    {12: Decimal("0.5"), 0: Decimal("0.5")},
)


def _opening_by_age(index: int, total: int) -> dict[int, int]:
    """The `index`th customer's opening balance split by the month of last year it was invoiced
    in (0: not known), whole yuan adding up to `total`."""
    if not total:
        return {}
    shares = OPENING_AGES[(0, 1, 3, 0, 2, 1)[index % 6]]
    parts = {month: int(total * share) for month, share in shares.items()}
    parts[12] += total - sum(parts.values())
    return parts
