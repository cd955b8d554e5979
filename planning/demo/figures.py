"""The demo's figures: plausible, repeatable targets, collections, budgets and actuals for a
region, written through the one save path of the grids."""

import random
from decimal import Decimal

from customers.models import Customer, Period, Product, Region, User
from planning.models import ActualSale, ExpenseLine, Plan, Target
from planning.numbers import grids, saving

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
        collections, expenses = [], []
        for product in self.products:
            grid = grids.ActualSalesGrid(plan, product, "quantity")
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
            grid = grids.ActualSalesGrid(plan, product, "amount")
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
        sales = {}
        for customer_id, month, amount in ActualSale.objects.filter(
            region=self.region, period=period
        ).values_list("customer_id", "month", "amount"):
            sales[(customer_id, month)] = sales.get((customer_id, month), Decimal(0)) + amount
        for (customer_id, month), amount in sales.items():
            if month + 1 in months:  # customers pay about a month later
                collections.append(
                    grids.CellChange(
                        customer_id,
                        month + 1,
                        str((amount * Decimal("0.9")).quantize(Decimal("0.01"))),
                        0,
                    )
                )
        saving.save_cells(
            grids.ActualCollectionsGrid(plan),
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
            grids.ActualExpensesGrid(plan), user=self.manager, reason=saving.DEMO, changes=expenses
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
        forecast = {}
        for customer_id, month, amount in Target.objects.filter(plan=plan).values_list(
            "customer_id", "month", "amount"
        ):
            forecast[(customer_id, month)] = forecast.get((customer_id, month), Decimal(0)) + amount
        collections = [
            grids.CellChange(customer.id, 0, str(self.random.randint(0, 8) * 10000), 0)
            for customer in self.customers
        ]
        collections += [
            grids.CellChange(customer_id, month + 1, str(amount.quantize(Decimal("1"))), 0)
            for (customer_id, month), amount in forecast.items()
            if month < 12
        ]
        saving.save_cells(
            grids.CollectionsGrid(plan), user=self.manager, reason=saving.DEMO, changes=collections
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
