"""A region's agreed prices from a spreadsheet: one row per price (customer, product code, price,
valid-from month), read through the safe upload readers and the rules of typed input. Every row
is checked first; the prices are then saved all together (`customers.price_services`) or not at
all, with each refused row's messages by row and column.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from customers import price_services
from customers.models import Customer, Product, Region
from customers.models.market import FROM_THE_START, LAST_PRICE_MONTH
from customers.pricing import month_from_value
from planning.spreadsheets.cells import CellRefused, column_name, figure_from_cell
from planning.spreadsheets.imports import MAX_ERRORS_KEPT, MESSAGES, SheetError
from planning.spreadsheets.layouts import Column, cell_text, fold
from planning.spreadsheets.workbooks import MAX_ROWS, read_rows, refuse

PRICE_SHEET = "prices"
COLUMNS = (
    Column("客户", "Customer", "customer"),
    Column("产品代码", "Product code", "product", aliases=("产品", "Product")),
    Column("价格", "Price", "price", aliases=("协议价", "Agreed price")),
    Column("起始月份", "Valid from", "valid_from", aliases=("生效月份", "Month")),
)


@dataclass
class PriceImport:
    """What a file would save: the prices read, and every refused cell by row and column."""

    entries: list[price_services.PriceEntry] = field(default_factory=list)
    errors: list[SheetError] = field(default_factory=list)
    error_count: int = 0
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_count and bool(self.entries)

    def add_error(self, row: int, column: str, message) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(SheetError(row, column, str(message)))


def _header(values, result: PriceImport) -> dict[str, int]:
    """key → column index, from the heading row."""
    by_name = {name: column for column in COLUMNS for name in column.names()}
    found: dict[str, int] = {}
    for index, value in enumerate(values):
        heading = cell_text(value)
        if not heading:
            continue
        column = by_name.get(fold(heading))
        if column is None:
            result.add_error(1, column_name(index, heading), _("Unknown column heading."))
        elif column.key in found:
            result.add_error(1, column_name(index, heading), _("This column is repeated."))
        else:
            found[column.key] = index
    for column in COLUMNS:
        if column.key not in found:
            result.add_error(1, column.label, _("This column is missing."))
    return found


class _Reader:
    """One row's cells read against the region's customers and the products."""

    def __init__(self, region: Region, header: dict[str, int], headings, result: PriceImport):
        customers = list(Customer.objects.filter(region=region))
        self.customers = {customer.name: customer for customer in customers}
        self.customers_folded = {fold(customer.name): customer for customer in customers}
        self.products = {fold(product.code): product for product in Product.objects.all()}
        self.header, self.headings, self.result = header, headings, result

    def where(self, key: str) -> str:
        index = self.header[key]
        return column_name(index, self.headings[index])

    def read(self, number: int, values) -> price_services.PriceEntry | None:
        values = tuple(values) + (None,) * (max(self.header.values()) + 1 - len(values))
        cells = {key: values[index] for key, index in self.header.items()}
        refused = False

        def refuse_cell(key: str, message) -> None:
            nonlocal refused
            refused = True
            self.result.add_error(number, self.where(key), message)

        for key, value in cells.items():
            if not cell_text(value):
                refuse_cell(key, _("This cell must not be blank."))
        if refused:
            return None
        name = cell_text(cells["customer"])
        customer = self.customers.get(name) or self.customers_folded.get(fold(name))
        if customer is None:
            refuse_cell(
                "customer", _("“%(name)s” is not a customer of this region.") % {"name": name}
            )
        product = self.products.get(fold(cell_text(cells["product"])))
        if product is None:
            refuse_cell(
                "product",
                _("Unknown product code “%(code)s”.") % {"code": cell_text(cells["product"])},
            )
        price = self._price(cells["price"], refuse_cell)
        valid_from = month_from_value(cells["valid_from"])
        if valid_from is None or not FROM_THE_START <= valid_from <= LAST_PRICE_MONTH:
            refuse_cell(
                "valid_from",
                _("Give the first month the price applies, such as 2027-03, from 2000 to 2100."),
            )
        if refused:
            return None
        return price_services.PriceEntry(customer, product, price, valid_from)

    @staticmethod
    def _price(value, refuse_cell) -> Decimal | None:
        try:
            return figure_from_cell(value, allow_negative=False)
        except CellRefused as exc:
            refuse_cell("price", MESSAGES[exc.code])
            return None


def read_price_import(region: Region, *, name: str, data: bytes) -> PriceImport:
    """Read an upload into the prices it holds, or its errors; writes nothing. Raises
    UploadRefused for a file refused as a whole."""
    result = PriceImport()
    _sheet, rows = read_rows(name=name, data=data, sheet=PRICE_SHEET)
    try:
        first = next(rows, None)
        if first is None or first[0] != 1 or not any(cell_text(v) for v in first[1]):
            result.add_error(1, "", _("The first row must hold the column headings."))
            return result
        headings = [cell_text(value) for value in first[1]]
        header = _header(first[1], result)
        if result.error_count:
            return result
        reader = _Reader(region, header, headings, result)
        seen: dict[tuple, int] = {}
        for number, values in rows:
            if not any(cell_text(value) for value in values):
                continue
            result.rows_read += 1
            if result.rows_read > MAX_ROWS:
                raise refuse("too_many_rows", limit=f"{MAX_ROWS:,}")
            entry = reader.read(number, values)
            if entry is None:
                continue
            key = (entry.customer.pk, entry.product.pk, entry.valid_from)
            if key in seen:
                result.add_error(
                    number,
                    reader.where("valid_from"),
                    _("The same customer, product and month is already given in row %(row)s.")
                    % {"row": seen[key]},
                )
                continue
            seen[key] = number
            result.entries.append(entry)
    finally:
        rows.close()
    if not result.error_count and not result.entries:
        result.add_error(2, "", _("The file holds no prices below its headings."))
    return result


def price_import_apply(*, region: Region, user, result: PriceImport):
    """Save every price read, all or nothing (`customers.price_services`)."""
    return price_services.customer_prices_import(region=region, user=user, entries=result.entries)
