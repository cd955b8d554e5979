"""The figures' lines on the plan's history page: who changed which cells, when, old → new, and
through what (typed in the grid, a fill tool, an import, the demo data).

One save (a typed cell, a pasted block, a fill, an import) writes its history rows at one
moment, so it is one line here: the grid, the number of cells, and the first cells old → new.
"""

from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from customers.models import Customer, Product
from planning.models import (
    ActualCollection,
    ActualExpense,
    ActualSale,
    CollectionPlan,
    ExpenseBudget,
    ExpenseLine,
    OpeningBalance,
    Plan,
    Target,
)
from planning.numbers.grid_lines import format_figure
from planning.numbers.saving import DEMO, FILLED, IMPORTED, REDO, REPRICED, TYPED, UNDO
from planning.review.history_entries import Change, HistoryEntry
from salesplan.months import month_label

CELLS_SHOWN = 20  # the cells a line lists; the rest are counted
SAVES_SHOWN = 200  # the latest saves of each grid the page reads

REASONS = {
    TYPED: gettext_lazy("typed in the grid"),
    FILLED: gettext_lazy("a fill tool"),
    IMPORTED: gettext_lazy("an import"),
    DEMO: gettext_lazy("the demo data"),
    UNDO: gettext_lazy("undo"),
    REDO: gettext_lazy("redo"),
    REPRICED: gettext_lazy("repriced after a price change"),
}


@dataclass(frozen=True)
class FigureSource:
    key: str
    model: type
    title: object
    plan_scoped: bool  # the plan's own figures; actuals belong to the region and the period
    rows: tuple[str, ...]  # the fields that name a cell besides its month
    values: tuple[str, ...]

    def scope(self, plan: Plan) -> dict:
        """The plan's cells of this grid: the plan's own, or its region's and period's."""
        if self.plan_scoped:
            return {"plan_id": plan.pk}
        return {"region_id": plan.region_id, "period_id": plan.period_id}


def latest_per_cell(records) -> dict:
    """Each cell's latest of `records` (history rows), by the cell's id."""
    latest = {}
    for record in records.order_by("id", "-history_date", "-history_id"):
        latest.setdefault(record.id, record)
    return latest


FIGURE_SOURCES = (
    FigureSource(
        "targets",
        Target,
        gettext_lazy("Targets"),
        plan_scoped=True,
        rows=("customer", "product"),
        values=("quantity",),
    ),
    FigureSource(
        "collections",
        CollectionPlan,
        gettext_lazy("Collections plan"),
        plan_scoped=True,
        rows=("customer", "product"),
        values=("amount",),
    ),
    FigureSource(
        "opening_balances",
        OpeningBalance,
        gettext_lazy("Opening balances"),
        plan_scoped=True,
        rows=("customer",),
        values=("amount",),
    ),
    FigureSource(
        "expenses",
        ExpenseBudget,
        gettext_lazy("Expense budget"),
        plan_scoped=True,
        rows=("line",),
        values=("amount",),
    ),
    FigureSource(
        "actual_sales",
        ActualSale,
        gettext_lazy("Actual sales"),
        plan_scoped=False,
        rows=("customer", "product"),
        values=("quantity", "amount"),
    ),
    FigureSource(
        "actual_collections",
        ActualCollection,
        gettext_lazy("Actual collections"),
        plan_scoped=False,
        rows=("customer", "product"),
        values=("amount",),
    ),
    FigureSource(
        "actual_expenses",
        ActualExpense,
        gettext_lazy("Actual expenses"),
        plan_scoped=False,
        rows=("line",),
        values=("amount",),
    ),
)


def figure_entries(
    plan: Plan,
    *,
    grid: str = "",
    customer: int | None = None,
    product: int | None = None,
    month: int | None = None,
) -> list[HistoryEntry]:
    """The plan's figure changes, one line per save, newest first, narrowed by the filters."""
    entries = []
    for source in FIGURE_SOURCES:
        if grid and grid != source.key:
            continue
        if (customer and "customer" not in source.rows) or (
            product and "product" not in source.rows
        ):
            continue
        scope = source.scope(plan)
        if customer:
            scope["customer_id"] = customer
        if product:
            scope["product_id"] = product
        if month:
            scope["month"] = month
        entries += _source_entries(source, source.model.history.filter(**scope))
    return entries


def _source_entries(source: FigureSource, records) -> list[HistoryEntry]:
    saves = (
        records.values("history_date", "history_user", "history_change_reason")
        .annotate(cells=Count("history_id"))
        .order_by("-history_date")[:SAVES_SHOWN]
    )
    names = _Names()
    entries = []
    for save in saves:
        shown = list(
            records.filter(history_date=save["history_date"], history_user=save["history_user"])
            .select_related("history_user")
            .order_by("history_id")[:CELLS_SHOWN]
        )
        if not shown:
            continue
        before = values_before(source, shown, save["history_date"])
        # A repricing keeps the quantities: what it changed is the amounts.
        repriced = save["history_change_reason"] == REPRICED
        values = ("amount",) if repriced else source.values
        changes = []
        for record in shown:
            old = before.get(record.id)
            for value in values:
                new_value = getattr(record, value)
                old_value = getattr(old, value) if old is not None else None
                if record.history_type == "~" and old_value == new_value:
                    continue
                changes.append(
                    Change(
                        field=f"{names.of(source, record)} · {month_label(record.month)}",
                        old=_figure(old_value, money=value == "amount"),
                        new=_figure(new_value, money=value == "amount"),
                    )
                )
        reason = REASONS.get(save["history_change_reason"] or "", "")
        subject = ngettext("%(count)s cell", "%(count)s cells", save["cells"]) % {
            "count": save["cells"]
        }
        if save["cells"] > len(shown):
            subject += " · " + _("the first %(shown)s shown") % {"shown": len(shown)}
        entries.append(
            HistoryEntry(
                at=save["history_date"],
                user=shown[0].history_user,
                kind=str(source.title),
                subject=f"{subject} · {reason}" if reason else subject,
                action=_("changed"),
                changes=changes,
            )
        )
    return entries


def values_before(source: FigureSource, records, when) -> dict:
    """Each cell's record just before the save at `when` (none for a cell it created)."""
    ids = {record.id for record in records}
    return latest_per_cell(source.model.history.filter(id__in=ids, history_date__lt=when))


def _figure(value, *, money: bool) -> str:
    return "—" if value is None else format_figure(value, money=money)


class _Names:
    """The names of the customers, products and expense lines the lines mention, read once."""

    def __init__(self):
        self.cache: dict[type, dict[int, str]] = defaultdict(dict)

    def of(self, source: FigureSource, record) -> str:
        parts = []
        for field in source.rows:
            model = {"customer": Customer, "product": Product, "line": ExpenseLine}[field]
            pk = getattr(record, f"{field}_id")
            if pk not in self.cache[model]:
                obj = model.objects.filter(pk=pk).first()
                self.cache[model][pk] = _name(obj) if obj else str(pk)
            parts.append(self.cache[model][pk])
        return " · ".join(parts)


def _name(obj) -> str:
    return getattr(obj, "display_name", None) or getattr(obj, "name", None) or str(obj)


def history_link(plan: Plan, grid) -> tuple[str, str]:
    """The history page narrowed to a grid (its product or customer too), and the filter a
    cell's row adds: the grid's "history of the selected cell" appends the row and the month."""
    key = next(source.key for source in FIGURE_SOURCES if source.model is grid.model)
    query = {"what": key}
    for fixed in ("product", "customer"):
        if getattr(grid, fixed, None) is not None:
            query[fixed] = getattr(grid, fixed).pk
    row = grid.row_field if grid.row_field in ("customer", "product") else ""
    return f"{reverse('plan_history', args=[plan.pk])}?{urlencode(query)}", row
