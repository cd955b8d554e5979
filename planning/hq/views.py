"""Headquarters: the roll-up of every region for a period, drill-down and export."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from customers.access import customers_for_user, regions_for_user
from customers.models import Period
from planning.hq import charts, dashboard
from planning.hq import spreadsheets as spreadsheets_hq
from planning.models import Plan, RollupThresholds
from planning.numbers.measures import total_of
from planning.versions import baseline
from salesplan.audit import get_in_reach_or_404
from salesplan.converters import one_of, query_value
from salesplan.exports import xlsx_response
from salesplan.months import month_labels

LEGEND = (gettext_lazy("Plan (计划)"), gettext_lazy("Actual (实际)"))
# The unit switch of the roll-up's tables; the workbooks stay in yuan.
UNITS = (("yuan", gettext_lazy("yuan (元)")), ("wan", gettext_lazy("10,000 yuan (万元)")))


def _display(request) -> dict:
    """How the tables show figures: the unit (?unit=) and the plans' basis (?basis=, which version
    stands for a region, `versions.baseline`), each 400 when not one of its choices; the colours'
    thresholds; the links that change one choice and keep the other."""
    chosen = {
        "unit": query_value(request, "unit", one_of(*dict(UNITS)), default="yuan"),
        "basis": query_value(
            request, "basis", one_of(*dict(baseline.BASES)), default=baseline.APPROVED
        ),
    }
    defaults = {"unit": "yuan", "basis": baseline.APPROVED}

    def query(**change) -> str:
        values = {**chosen, **change}
        pairs = [f"{name}={value}" for name, value in values.items() if value != defaults[name]]
        return f"?{'&'.join(pairs)}" if pairs else ""

    return {
        **chosen,
        "units": [(code, label, query(unit=code)) for code, label in UNITS],
        "bases": [(code, label, query(basis=code)) for code, label in baseline.BASES],
        "basis_label": dict(baseline.BASES)[chosen["basis"]],
        "unit_label": dict(UNITS)[chosen["unit"]],
        "unit_query": query(),
        "workbook_query": f"{workbook}&format=xlsx"
        if (workbook := query(unit="yuan"))
        else "?format=xlsx",
        "bands": RollupThresholds.load().bands,
    }


def _wants_workbook(request) -> bool:
    return query_value(request, "format", one_of("xlsx")) == "xlsx"


def _period(year: int) -> Period:
    return get_object_or_404(Period, year=year)


def _month_chart(plan_ids, regions, period):
    series = dashboard.monthly_series(plan_ids, regions, period)
    return charts.monthly_bars([series.cells[1], series.cells[2]], month_labels())


@require_GET
def rollup_latest(request):
    period = Period.objects.order_by("-year").first()
    if period is None:
        raise Http404(_("No planning period exists yet."))
    return redirect("rollup", year=period.year)


@require_GET
def rollup(request, year):
    period = _period(year)
    display = _display(request)
    lines, company, month = dashboard.region_rollup(request.user, period, display["basis"])
    if _wants_workbook(request):
        data = spreadsheets_hq.rollup_workbook(
            lines, company, period=period, month=month, basis=display["basis_label"]
        )
        return xlsx_response(data, f"salesplan-rollup-{year}")
    return render(
        request,
        "planning/hq/rollup.html",
        {
            "period": period,
            "periods": Period.objects.all(),
            "lines": lines,
            "company": company,
            "month": month,
            # The monthly chart reuses the per-month sums the roll-up already has.
            "chart": charts.monthly_bars(
                [company.monthly_plan, company.monthly_actual],
                month_labels(),
            ),
            "legend": LEGEND,
            **display,
        },
    )


@require_GET
def rollup_revision(request, year):
    """The half-year meeting's view: each region's original plan, its revised plan and the
    actuals side by side (`dashboard.revision_rollup`)."""
    period = _period(year)
    display = _display(request)
    rows, company = dashboard.revision_rollup(request.user, period)
    if _wants_workbook(request):
        month = dashboard.latest_actual_month(period, regions_for_user(request.user))
        data = spreadsheets_hq.revision_workbook(rows, company, period=period, month=month)
        return xlsx_response(data, f"salesplan-half-year-{year}")
    return render(
        request,
        "planning/hq/rollup_revision.html",
        {"period": period, "rows": rows, "company": company, **display},
    )


def _standing_plan(region, period, basis: str) -> Plan | None:
    """The region's plan that stands for it on the basis chosen (`versions.baseline`)."""
    return baseline.plans(period, [region], basis).get(region.pk)


def _region_plan(request, year: int, code: str, basis: str) -> Plan:
    period = _period(year)
    region = get_in_reach_or_404(request, regions_for_user(request.user), code=code)
    plan = _standing_plan(region, period, basis)
    if plan is None:
        raise Http404(_("This region has no plan for the period."))
    return plan


@require_GET
def rollup_region(request, year, code):
    """A region's drill-down by customer and product; a parent region's, by child region."""
    period = _period(year)
    display = _display(request)
    region = get_in_reach_or_404(request, regions_for_user(request.user), code=code)
    plan = _standing_plan(region, period, display["basis"])
    if plan is None and regions_for_user(request.user).filter(parent=region).exists():
        return _rollup_group(request, period, region, display)
    if plan is None:
        raise Http404(_("This region has no plan for the period."))
    month = dashboard.latest_actual_month(plan.period, [plan.region])
    customers = dashboard.customer_rollup(plan, month)
    products = dashboard.product_rollup(plan, month)
    if _wants_workbook(request):
        data = spreadsheets_hq.region_workbook(
            plan, month=month, customers=customers, products=products
        )
        return xlsx_response(data, f"salesplan-rollup-{year}-{plan.region.code}")
    return render(
        request,
        "planning/hq/rollup_region.html",
        {
            "plan": plan,
            "period": plan.period,
            "month": month,
            "customers": customers,
            "customers_total": total_of(customers),
            "products": products,
            "products_total": total_of(products),
            "chart": _month_chart([plan.pk], [plan.region], plan.period),
            "legend": LEGEND,
            **display,
        },
    )


def _rollup_group(request, period, group, display):
    rows, total = dashboard.group_rollup(request.user, period, group, display["basis"])
    month = total.months
    if _wants_workbook(request):
        data = spreadsheets_hq.rollup_workbook(
            [row.line for row in rows],
            total,
            period=period,
            month=month,
            basis=display["basis_label"],
        )
        return xlsx_response(data, f"salesplan-rollup-{period.year}-{group.code}")
    return render(
        request,
        "planning/hq/rollup_group.html",
        {
            "group": group,
            "period": period,
            "month": month,
            "rows": rows,
            "total": total,
            "chart": charts.monthly_bars(
                [total.monthly_plan, total.monthly_actual], month_labels()
            ),
            "legend": LEGEND,
            **display,
        },
    )


@require_GET
def rollup_customer(request, year, code, customer_id):
    display = _display(request)
    plan = _region_plan(request, year, code, display["basis"])
    reachable = customers_for_user(request.user).filter(region=plan.region)
    customer = get_in_reach_or_404(request, reachable, pk=customer_id)
    month = dashboard.latest_actual_month(plan.period, [plan.region])
    products = dashboard.product_rollup(plan, month, customer)
    if _wants_workbook(request):
        data = spreadsheets_hq.customer_workbook(plan, customer, month=month, products=products)
        filename = f"salesplan-rollup-{year}-{plan.region.code}-customer-{customer.pk}"
        return xlsx_response(data, filename)
    return render(
        request,
        "planning/hq/rollup_customer.html",
        {
            "plan": plan,
            "period": plan.period,
            "customer": customer,
            "month": month,
            "products": products,
            **display,
        },
    )
