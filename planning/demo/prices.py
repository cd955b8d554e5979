"""The demo's agreed prices: the big accounts buy a few percent below list from January 2027, one
of them a little lower again from July; targets are priced by them as they are saved."""

from datetime import date
from decimal import Decimal

from customers.models import Customer, CustomerPrice, Product, User
from planning.numbers.repricing import repricing_preview, targets_reprice

AGREED_FROM = date(2027, 1, 1)
# region code, customer, product code, agreed price, valid from (plans of 2027 that stay editable)
AGREED_PRICES = [
    ("SH", "朗通", "A", "12400.00", AGREED_FROM),  # 3.1 % below 12,800
    ("SH", "朗通", "A", "12160.00", date(2027, 7, 1)),  # 5 % below, from the second half
    ("SH", "朗通", "B", "5380.00", AGREED_FROM),  # 3.9 % below 5,600
    ("SH", "泰岳", "A", "12350.00", AGREED_FROM),  # 3.5 % below
    ("SH", "泰岳", "C", "940.00", AGREED_FROM),  # 4.1 % below 980
    ("HB", "京华设备", "A", "12290.00", AGREED_FROM),  # 4 % below
    ("HB", "京华设备", "D", "2260.00", AGREED_FROM),  # 3.8 % below 2,350
]
REPRICED_YEARS = (2027,)


def seed_prices() -> None:
    """The agreed prices, before any plan is priced; safe to run again."""
    products = {product.code: product for product in Product.objects.all()}
    for region_code, name, code, price, valid_from in AGREED_PRICES:
        customer = Customer.objects.get(region__code=region_code, name=name)
        CustomerPrice.objects.update_or_create(
            customer=customer,
            product=products[code],
            valid_from=valid_from,
            defaults={"price": Decimal(price)},
        )


def reprice_demo_plans(admin: User) -> None:
    """A database seeded before the prices existed: bring the editable plans' amounts to the
    prices in force, as an administrator would (the read-only plans stay as they were)."""
    for year in REPRICED_YEARS:
        preview = repricing_preview(year=year, from_month=1)
        if preview.count:
            targets_reprice(user=admin, year=year, from_month=1, fingerprint=preview.fingerprint)
