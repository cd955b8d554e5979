"""Pages of the customer strategy: regions, the customer list and form, the value matrix, the
funnel and the energy class table. A customer's own page and its three steps: views_steps.py."""

from collections import Counter

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_tables2 import RequestConfig

from customers import scoring, services
from customers.access import (
    can_edit_region,
    get_customer_for_user,
    get_region_for_user,
    regions_for_user,
)
from customers.forms import (
    CustomerFilterForm,
    CustomerForm,
)
from customers.models import (
    Customer,
    Likelihood,
    OrderSize,
    Period,
    StrategySettings,
)
from customers.standings import default_period, region_standings
from customers.summaries import funnel_context, last_planned_amounts, matrix_context
from customers.tables import CustomerTable, export_csv, export_xlsx
from salesplan.conflicts import form_status, save_form
from salesplan.converters import one_of, parse_count, parse_year, query_value
from salesplan.working_period import working_year

PER_PAGE = 50


def periods_from(request, data=None) -> tuple[Period | None, list[Period]]:
    """The period named by ?period=<year>, else that of the person's working plan (where the
    scores entered here reach the plan), else the default one; and all periods."""
    periods = list(Period.objects.all())
    year = query_value(request, "period", parse_year, data=data)
    if year is None:
        working = working_year(request)
        chosen = next((p for p in periods if p.year == working), None)
        return chosen or default_period(periods), periods
    chosen = next((p for p in periods if p.year == year), None)
    if chosen is None:
        raise Http404(_("There is no such period."))
    return chosen, periods


def detail_url(customer: Customer, period: Period | None, anchor: str = "") -> str:
    url = reverse("customer_detail", args=[customer.pk])
    if period is not None:
        url += f"?period={period.year}"
    return url + (f"#{anchor}" if anchor else "")


@require_GET
def customer_home(request):
    period, periods = periods_from(request)
    regions = (
        regions_for_user(request.user)
        .annotate(customer_count=Count("customers", filter=Q(customers__active=True)))
        .order_by("code")
    )
    return render(
        request,
        "customers/home.html",
        {"regions": regions, "period": period, "periods": periods},
    )


@require_GET
def customer_list(request, pk):
    region = get_region_for_user(request, pk)
    period, periods = periods_from(request)
    form = CustomerFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    customers = region.customers.all()
    if filters.get("active") == "inactive":
        customers = customers.filter(active=False)
    elif filters.get("active") != "all":
        customers = customers.filter(active=True)
    if query := filters.get("q", "").strip():
        customers = customers.filter(
            Q(name__icontains=query) | Q(industry__icontains=query) | Q(contact__icontains=query)
        )
    standings = region_standings(customers, period)
    counts = Counter()
    for standing in standings:
        counts[("tier", standing.tier)] += 1
        counts[("class", standing.energy_class)] += 1
        counts[("priority", standing.priority)] += 1
    for key in ("tier", "energy_class", "priority"):
        if filters.get(key):
            standings = [s for s in standings if getattr(s, key) == filters[key]]
    table = CustomerTable(standings, period=period)
    # django-tables2 reads ?page and ?per_page itself; a value it cannot count by is refused.
    for name in ("page", "per_page"):
        query_value(request, name, parse_count)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    export = query_value(request, "_export", one_of("csv", "xlsx"))
    if export in ("csv", "xlsx"):
        filename = f"customers-{region.code}-{period.year if period else 'all'}"
        return (export_csv if export == "csv" else export_xlsx)(table, filename)
    context = {
        "region": region,
        "period": period,
        "periods": periods,
        "form": form,
        "table": table,
        "counts": counts,
        "can_edit": can_edit_region(request.user, region),
        "active": "list",
    }
    template = "customers/_customer_table.html" if request.htmx else "customers/customer_list.html"
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def customer_create(request, pk):
    region = get_region_for_user(request, pk, write=True)
    form = CustomerForm(
        request.POST if request.method == "POST" else None, instance=Customer(region=region)
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in services.CUSTOMER_FIELDS}
        customer = services.customer_create(region=region, user=request.user, **fields)
        messages.success(request, _("The customer was added."))
        return redirect(customer)
    return render(
        request,
        "customers/customer_form.html",
        {"region": region, "form": form, "customer": None},
        status=422 if form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
def customer_edit(request, pk):
    customer = get_customer_for_user(request, pk, write=True)
    conflict = None
    if request.method == "POST":
        result = save_form(
            request,
            # A fresh instance: validating the form writes the typed values onto it.
            lambda data: CustomerForm(data, instance=Customer.objects.get(pk=customer.pk)),
            lambda form: services.customer_update(
                customer=customer,
                user=request.user,
                revision=form.cleaned_data["revision"] or 0,
                **{name: form.cleaned_data[name] for name in services.CUSTOMER_FIELDS},
            ),
        )
        if result.done:
            messages.success(request, _("The customer was saved."))
            return redirect(customer)
        form, conflict = result.form, result.conflict
    else:
        form = CustomerForm(instance=customer, initial={"revision": customer.revision})
    return render(
        request,
        "customers/customer_form.html",
        {"region": customer.region, "form": form, "customer": customer, "conflict": conflict},
        status=form_status(form, conflict),
    )


@require_GET
def customer_matrix(request, pk):
    region = get_region_for_user(request, pk)
    period, periods = periods_from(request)
    strategy = StrategySettings.load()
    standings = region_standings(region.customers.filter(active=True), period, strategy)
    amounts = last_planned_amounts(region, period) if period else {}
    return render(
        request,
        "customers/matrix.html",
        {
            "region": region,
            "period": period,
            "periods": periods,
            "strategy": strategy,
            "matrix": matrix_context(standings, strategy, amounts=amounts),
            "active": "matrix",
        },
    )


@require_GET
def customer_funnel(request, pk):
    region = get_region_for_user(request, pk)
    period, periods = periods_from(request)
    strategy = StrategySettings.load()
    return render(
        request,
        "customers/funnel.html",
        {
            "region": region,
            "period": period,
            "periods": periods,
            "strategy": strategy,
            "funnel": funnel_context(region, period, strategy) if period else None,
            "active": "funnel",
        },
    )


@require_GET
def energy_class_table(request):
    strategy = StrategySettings.load()
    rule = strategy.energy_rule
    table = scoring.class_table(rule)
    rows = [
        (label, rule.order_scores[level - 1], table[level - 1])
        for level, label in OrderSize.choices
    ]
    counts = Counter(energy for row in table for _score, energy in row)
    return render(
        request,
        "customers/class_table.html",
        {
            "strategy": strategy,
            "rows": rows,
            "columns": [
                (label, rule.likelihood_scores[level - 1]) for level, label in Likelihood.choices
            ],
            "counts": [(energy, counts.get(energy, 0)) for energy in scoring.CLASSES],
            "priority_rows": [
                (tier, [scoring.PRIORITY_TABLE[(tier, energy)] for energy in scoring.CLASSES])
                for tier in scoring.TIERS
            ],
            "classes": scoring.CLASSES,
        },
    )
