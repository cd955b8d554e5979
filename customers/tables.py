"""The customer list (django-tables2) and its CSV / Excel export."""

import csv
import io
from decimal import Decimal

import django_tables2 as tables
import openpyxl
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from customers import scoring
from salesplan.exports import csv_response, neutralise, xlsx_response

EMPTY = "—"


class CustomerTable(tables.Table):
    name = tables.Column(accessor="customer__name", verbose_name=_("Customer (客户)"))
    industry = tables.Column(accessor="customer__industry", verbose_name=_("Industry"))
    contact = tables.Column(accessor="customer__contact", verbose_name=_("Contact"))
    payment_terms = tables.Column(
        accessor="customer__payment_terms", verbose_name=_("Payment terms (帐期)")
    )
    attractiveness = tables.Column(
        verbose_name=_("Attractiveness (吸引力)"), attrs={"td": {"class": "num"}}
    )
    advantage = tables.Column(verbose_name=_("Advantage (优势)"), attrs={"td": {"class": "num"}})
    tier = tables.Column(verbose_name=_("Tier (级别)"), order_by=("tier_rank", "customer__name"))
    energy_score = tables.Column(verbose_name=_("Energy (能量)"), attrs={"td": {"class": "num"}})
    energy_class = tables.Column(
        verbose_name=_("Class (能级)"), order_by=("class_rank", "customer__name")
    )
    priority = tables.Column(
        verbose_name=_("Priority (优先)"), order_by=("priority_rank", "customer__name")
    )
    open_actions = tables.Column(verbose_name=_("Open actions"), attrs={"td": {"class": "num"}})
    active = tables.BooleanColumn(accessor="customer__active", verbose_name=_("Active"))

    class Meta:
        template_name = "django_tables2/bootstrap5.html"
        attrs = {"class": "table table-sm table-hover align-middle customer-table mb-0"}
        order_by = ("priority",)
        orderable = True
        empty_text = _("No customers match.")
        default = EMPTY
        sequence = (
            "name",
            "priority",
            "tier",
            "energy_class",
            "attractiveness",
            "advantage",
            "energy_score",
            "open_actions",
            "industry",
            "contact",
            "payment_terms",
            "active",
        )

    def __init__(self, *args, period=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def render_name(self, value, record):
        url = reverse("customer_detail", args=[record.customer.pk])
        if self.period is not None:
            url += f"?period={self.period.year}"
        return format_html('<a href="{}">{}</a>', url, value)

    def value_name(self, value):
        return value

    def render_tier(self, value):
        return format_html(
            '<span class="badge tier-badge tier-{}">{}</span>', value, scoring.tier_label(value)
        )

    def value_tier(self, value):
        return scoring.tier_label(value)

    def render_energy_class(self, value):
        return format_html(
            '<span class="badge class-badge class-{}">{}</span>',
            value.lower(),
            scoring.class_label(value),
        )

    def value_energy_class(self, value):
        return scoring.class_label(value)

    def render_priority(self, value):
        return format_html(
            '<span class="badge priority-badge priority-{}">P{}</span>', value, value
        )

    def value_priority(self, value):
        return f"P{value}"

    def value_active(self, value):
        return str(_("yes") if value else _("no"))


# Export


def _values(table: CustomerTable):
    rows = table.as_values()
    header = next(rows)
    return header, ([("" if cell == EMPTY else cell) for cell in row] for row in rows)


def export_csv(table: CustomerTable, filename: str) -> HttpResponse:
    header, rows = _values(table)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel reads UTF-8 Chinese only with the byte-order mark
    writer = csv.writer(buffer)
    writer.writerow([neutralise(str(cell)) for cell in header])
    for row in rows:
        writer.writerow([neutralise(cell) for cell in row])
    return csv_response(buffer.getvalue(), filename)


def export_xlsx(table: CustomerTable, filename: str) -> HttpResponse:
    header, rows = _values(table)
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(title=str(_("Customers")))
    bold = []
    for text in header:
        cell = WriteOnlyCell(sheet, value=neutralise(str(text)))
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            if isinstance(value, Decimal):
                cell.number_format = "0.00"
            cells.append(cell)
        sheet.append(cells)
    output = io.BytesIO()
    workbook.save(output)
    return xlsx_response(output.getvalue(), filename)
