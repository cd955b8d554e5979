"""Writes of agreed prices by a region's manager: one on the customer's page, many from a file.

Each checks that the user manages the region, validates, and runs in one transaction; an edit
carries the revision it loaded and is refused when someone saved the price since. Stored targets
keep their amounts until an administrator reprices them (`planning.numbers.repricing`).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from customers.access import can_edit_region
from customers.models import Customer, CustomerPrice, Product, Region, User
from salesplan.conflicts import check_revision


def _require_manager(user: User, region: Region) -> None:
    if not can_edit_region(user, region):
        raise PermissionDenied(_("Only the region's manager can change its customers' prices."))


def _clash_error() -> ValidationError:
    return ValidationError(
        {
            "valid_from": _(
                "This customer already has a price for this product from this month: change "
                "that one."
            )
        },
        code="unique",
    )


def _save(price: CustomerPrice, user: User) -> None:
    price._history_user = user
    price.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            price.save()
    except IntegrityError:  # the same month saved by someone else between the check and now
        raise _clash_error() from None


@transaction.atomic
def customer_price_save(
    *,
    customer: Customer,
    user: User,
    product: Product,
    price: Decimal,
    valid_from: date,
    revision: int,
    price_id: int | None = None,
) -> CustomerPrice:
    """Add a customer's agreed price (`price_id` None, revision 0) or change one."""
    _require_manager(user, customer.region)
    if price_id is None:
        record = CustomerPrice(customer=customer, revision=0)
    else:
        record = CustomerPrice.objects.select_for_update().get(pk=price_id, customer=customer)
    check_revision(record, revision)
    clash = CustomerPrice.objects.filter(customer=customer, product=product, valid_from=valid_from)
    if clash.exclude(pk=record.pk).exists():
        raise _clash_error()
    record.product, record.price, record.valid_from = product, price, valid_from
    record.revision += 1
    _save(record, user)
    return record


@dataclass(frozen=True)
class PriceEntry:
    customer: Customer
    product: Product
    price: Decimal
    valid_from: date


@dataclass(frozen=True)
class PriceImportCounts:
    added: int
    changed: int
    unchanged: int


@transaction.atomic
def customer_prices_import(
    *, region: Region, user: User, entries: list[PriceEntry]
) -> PriceImportCounts:
    """Add or change the agreed prices of a region's customers, all or nothing: a price of the
    same customer, product and month is changed, any other is added."""
    _require_manager(user, region)
    if any(entry.customer.region_id != region.pk for entry in entries):
        raise PermissionDenied(_("Only the region's own customers' prices can be imported."))
    existing = {
        (price.customer_id, price.product_id, price.valid_from): price
        for price in CustomerPrice.objects.select_for_update().filter(
            customer__in={entry.customer.pk for entry in entries}
        )
    }
    added = changed = unchanged = 0
    for entry in entries:
        key = (entry.customer.pk, entry.product.pk, entry.valid_from)
        record = existing.get(key)
        if record is not None and record.price == entry.price:
            unchanged += 1
            continue
        if record is None:
            record = CustomerPrice(
                customer=entry.customer, product=entry.product, valid_from=entry.valid_from
            )
            added += 1
        else:
            record.revision += 1
            changed += 1
        record.price = entry.price
        _save(record, user)
        existing[key] = record
    return PriceImportCounts(added, changed, unchanged)
