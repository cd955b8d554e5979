"""The region's actuals as grids: facts, entered by its manager whatever the plan's state,
shared by every version of the plan (`planning.models.actuals`)."""

from customers.models import Customer, Product
from planning.models import ActualCollection, ActualExpense, ActualSale, ExpenseLine, Plan
from planning.numbers.grids import Grid, Row, customer_rows


class ActualSalesGrid(Grid):
    """Actual sales of one product, customers × months, in quantity or amount."""

    model = ActualSale
    row_field = "customer"
    is_plan_content = False
    allow_negative = True  # credit notes and returns

    def __init__(self, plan: Plan, product: Product, measure: str = "amount"):
        super().__init__(plan)
        self.product = product
        self.value_field = "quantity" if measure == "quantity" else "amount"

    def fixed(self):
        return {"region": self.plan.region, "period": self.plan.period, "product": self.product}

    def rows(self):
        return [
            Row(customer.id, customer.name, customer.industry)
            for customer in Customer.objects.filter(region=self.plan.region)
        ]


class ActualCollectionsGrid(Grid):
    """Collected (实收) for one product, customers × months."""

    model = ActualCollection
    row_field = "customer"
    is_plan_content = False

    def __init__(self, plan: Plan, product: Product):
        super().__init__(plan)
        self.product = product

    def fixed(self):
        return {"region": self.plan.region, "period": self.plan.period, "product": self.product}

    def rows(self):
        return customer_rows(self.plan, active_only=False)


class ActualExpensesGrid(Grid):
    model = ActualExpense
    row_field = "line"
    is_plan_content = False
    allow_negative = True  # refunds

    def fixed(self):
        return {"region": self.plan.region, "period": self.plan.period}

    def rows(self):
        return [Row(line.id, line.display_name) for line in ExpenseLine.objects.all()]
