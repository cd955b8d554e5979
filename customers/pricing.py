"""The price rule: what one unit of a product costs a customer in a month.

The price in force in a month is the customer's agreed price with the latest `valid_from` on or
before the month's first day; without one, the product's list price from the `ListPrice` schedule
the same way; without one, `Product.list_price`. A target's amount is its quantity × that price
(`planning.numbers.grids`); `planning.numbers.repricing` brings stored amounts up to date.
"""

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet

from customers.models import FROM_THE_START, CustomerPrice, ListPrice, Product

Schedule = tuple[list[date], list[Decimal]]  # valid-from dates ascending, and their prices

MONTH_TEXT = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:月)?\s*(?:[-/.]\s*(\d{1,2}))?)\s*$"
)


def month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def month_from_text(text: str) -> date | None:
    """The first of the month named by "2027-03", "2027/3", "2027年3月" or "2027-03-01"; None for
    anything else, a day other than the first included."""
    match = MONTH_TEXT.match(text or "")
    if not match:
        return None
    year, month, day = int(match[1]), int(match[2]), int(match[3] or 1)
    if year < 1 or not 1 <= month <= 12 or day != 1:
        return None
    return date(year, month, 1)


def month_from_value(value) -> date | None:
    """A month from a date, a datetime at midnight on the first, or text (`month_from_text`)."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            return None
        value = value.date()
    if isinstance(value, date):
        return value if value.day == 1 else None
    return month_from_text(str(value)) if value is not None else None


def _in_force(schedule: Schedule | None, day: date) -> Decimal | None:
    if not schedule:
        return None
    index = bisect_right(schedule[0], day)
    return schedule[1][index - 1] if index else None


@dataclass
class PriceBook:
    """The price schedules of some customers and products, read at once: a grid's prices."""

    fallback: dict[int, Decimal]  # product → Product.list_price
    list_prices: dict[int, Schedule] = field(default_factory=dict)
    agreed: dict[tuple[int, int], Schedule] = field(default_factory=dict)

    def list_price(self, product_id: int, day: date) -> Decimal:
        """The product's list price in force on `day`."""
        found = _in_force(self.list_prices.get(product_id), day)
        return self.fallback[product_id] if found is None else found

    def price(self, customer_id: int, product_id: int, year: int, month: int) -> Decimal:
        """The price in force for the customer, the product and the month: the rule."""
        day = month_start(year, month)
        found = _in_force(self.agreed.get((customer_id, product_id)), day)
        return self.list_price(product_id, day) if found is None else found


def _schedules(rows: Iterable[tuple]) -> dict:
    """key, valid_from, price rows ordered by key then valid_from → key → Schedule."""
    schedules: dict = defaultdict(lambda: ([], []))
    for key, valid_from, price in rows:
        days, prices = schedules[key]
        days.append(valid_from)
        prices.append(price)
    return dict(schedules)


def price_book(
    *,
    customers: Iterable[int] | QuerySet | None = None,
    products: Iterable[int] | QuerySet | None = None,
) -> PriceBook:
    """The prices of `customers` × `products` (ids or a queryset of ids; None: all), read in
    three queries whatever their number."""
    product_rows = Product.objects.all()
    list_rows = ListPrice.objects.order_by("product_id", "valid_from")
    agreed_rows = CustomerPrice.objects.order_by("customer_id", "product_id", "valid_from")
    if products is not None:
        products = products if isinstance(products, QuerySet) else list(products)
        product_rows = product_rows.filter(pk__in=products)
        list_rows = list_rows.filter(product_id__in=products)
        agreed_rows = agreed_rows.filter(product_id__in=products)
    if customers is not None:
        customers = customers if isinstance(customers, QuerySet) else list(customers)
        agreed_rows = agreed_rows.filter(customer_id__in=customers)
    return PriceBook(
        fallback=dict(product_rows.values_list("pk", "list_price")),
        list_prices=_schedules(list_rows.values_list("product_id", "valid_from", "price")),
        agreed=_schedules(
            ((customer, product), valid_from, price)
            for customer, product, valid_from, price in agreed_rows.values_list(
                "customer_id", "product_id", "valid_from", "price"
            )
        ),
    )


def price_for(customer_id: int, product_id: int, year: int, month: int) -> Decimal:
    """The price one unit of the product costs the customer in the month (see the module)."""
    book = price_book(customers=[customer_id], products=[product_id])
    return book.price(customer_id, product_id, year, month)


@dataclass(frozen=True)
class PriceRow:
    """One agreed price as the customer's page lists it, with the list price it compares to."""

    price: CustomerPrice
    list_price: Decimal

    @property
    def from_the_start(self) -> bool:
        return self.price.valid_from == FROM_THE_START

    @property
    def discount_percent(self) -> Decimal | None:
        if not self.list_price:
            return None
        return ((1 - self.price.price / self.list_price) * 100).quantize(Decimal("0.1"))


def customer_price_rows(customer_id: int) -> list[PriceRow]:
    """A customer's agreed prices by product and month, each with the list price in force then."""
    prices = list(
        CustomerPrice.objects.filter(customer_id=customer_id)
        .select_related("product")
        .order_by("product__code", "valid_from")
    )
    book = price_book(customers=[customer_id], products={p.product_id for p in prices})
    return [PriceRow(p, book.list_price(p.product_id, p.valid_from)) for p in prices]
