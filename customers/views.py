"""Pages of the customer strategy: regions, the customer list, a customer's three steps,
the value matrix, the funnel and the energy class table."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from customers import scoring, services
from customers.access import (
    can_edit_region,
    get_committed_action_for_user,
    get_customer_for_user,
    get_region_for_user,
    regions_for_user,
)
from customers.forms import (
    ActionStatusForm,
    AssessmentForm,
    CommitActionForm,
    CustomerFilterForm,
    CustomerForm,
    EnergyForm,
)
from customers.models import (
    Action,
    Assessment,
    AssessmentFactor,
    Customer,
    EnergyRating,
    Likelihood,
    OrderSize,
    Period,
    StrategySettings,
)
from customers.standings import default_period, region_standings, standing_of
from customers.summaries import funnel_context, last_planned_amounts, matrix_context
from customers.tables import CustomerTable, export_csv, export_xlsx

PER_PAGE = 50

TIER_REASONING = {
    1: gettext_lazy("Great development potential and we hold the advantage (发展潜力大, 我们有优势)."),
    2: gettext_lazy(
        "Future value, must invest; aim: make it a “consolidated” customer "
        "(未来增值, 必须投入, 目标:“巩固类”)."
    ),
    3: gettext_lazy(
        "Grows only in proportion, share is hard to raise; go for current profit from our strong "
        "position (等比增长, 提高份额难, 收益不大; 重在现实利润, 我们有优势地位)."
    ),
    4: gettext_lazy(
        "Many customers but little profit, heavy coverage does not pay: consider withdrawing "
        "(数量多但利润小, 强力覆盖得不偿失, 考虑撤出)."
    ),
}


def _periods(request, data=None) -> tuple[Period | None, list[Period]]:
    """The period named by ?period=<year>, else the default one; and all periods."""
    periods = list(Period.objects.all())
    year = (data if data is not None else request.GET).get("period", "")
    chosen = next((p for p in periods if str(p.year) == year), None)
    return chosen or default_period(periods), periods


def _detail_url(customer: Customer, period: Period | None, anchor: str = "") -> str:
    url = reverse("customer_detail", args=[customer.pk])
    if period is not None:
        url += f"?period={period.year}"
    return url + (f"#{anchor}" if anchor else "")


@require_GET
def customer_home(request):
    regions = regions_for_user(request.user).annotate(
        customer_count=Count("customers", filter=Q(customers__active=True))
    )
    return render(request, "customers/home.html", {"regions": regions})


@require_GET
def customer_list(request, pk):
    region = get_region_for_user(request, pk)
    period, periods = _periods(request)
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
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    export = request.GET.get("_export")
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
    form = CustomerForm(request.POST if request.method == "POST" else None,
                        instance=Customer(region=region))
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
        form = CustomerForm(request.POST, instance=Customer.objects.get(pk=customer.pk))
        if form.is_valid():
            fields = {name: form.cleaned_data[name] for name in services.CUSTOMER_FIELDS}
            try:
                services.customer_update(
                    customer=customer,
                    user=request.user,
                    revision=form.cleaned_data["revision"] or 0,
                    **fields,
                )
            except services.EditConflict as exc:
                conflict = exc.current
                data = request.POST.copy()
                data["revision"] = conflict.revision
                form = CustomerForm(data, instance=conflict)
                form.is_valid()
            else:
                messages.success(request, _("The customer was saved."))
                return redirect(customer)
    else:
        form = CustomerForm(instance=customer, initial={"revision": customer.revision})
    status = 409 if conflict else (422 if form.is_bound and form.errors else 200)
    return render(
        request,
        "customers/customer_form.html",
        {"region": customer.region, "form": form, "customer": customer, "conflict": conflict},
        status=status,
    )


def _assessment_initial(customer: Customer, period: Period, assessment) -> tuple[dict, object]:
    """The form's starting scores: this period's, else the latest earlier assessment's."""
    source = assessment or (
        Assessment.objects.filter(customer=customer, period__year__lt=period.year)
        .order_by("-period__year")
        .first()
    )
    initial = {"period": period.year, "revision": assessment.revision if assessment else 0}
    if source is not None:
        for row in source.scores.all():
            initial[f"factor_{row.factor_id}"] = row.score
    return initial, source


def _detail_context(request, customer, period, **bound) -> dict:
    strategy = StrategySettings.load()
    assessment = energy = None
    if period is not None:
        assessment = (
            Assessment.objects.filter(customer=customer, period=period)
            .select_related("assessed_by")
            .prefetch_related("scores__factor")
            .first()
        )
        energy = EnergyRating.objects.filter(customer=customer, period=period).first()
    standing = standing_of(customer, assessment, energy, strategy)
    can_edit = can_edit_region(request.user, customer.region) and period is not None
    factors = services.active_factors()
    copied_from = None
    assessment_form = bound.get("assessment_form")
    if can_edit and assessment_form is None:
        initial, source = _assessment_initial(customer, period, assessment)
        copied_from = source if source is not None and source is not assessment else None
        assessment_form = AssessmentForm(initial=initial, factors=factors)
    energy_form = bound.get("energy_form")
    if can_edit and energy_form is None:
        energy_form = EnergyForm(
            initial={
                "period": period.year,
                "revision": energy.revision if energy else 0,
                "order_level": energy.order_level if energy else None,
                "likelihood_level": energy.likelihood_level if energy else None,
            },
            strategy=strategy,
        )
    owners = services.region_owners(customer.region)
    commit_form = bound.get("commit_form")
    if can_edit and commit_form is None:
        commit_form = CommitActionForm(
            initial={
                "period": period.year,
                "owner": request.user.pk,
                "action": request.GET.get("action"),
            },
            owners=owners,
            tier=standing.tier,
        )
    library = list(Action.objects.filter(active=True))
    used_weights = {}
    if assessment is not None:
        used_weights = {row.factor_id: row for row in assessment.scores.all()}
    rule = strategy.energy_rule
    return {
        "customer": customer,
        "region": customer.region,
        "period": period,
        "periods": list(Period.objects.all()),
        "strategy": strategy,
        "standing": standing,
        "assessment": assessment,
        "energy": energy,
        "used_weights": used_weights,
        "weights_changed": any(
            row.weight != row.factor.weight for row in used_weights.values()
        ),
        "factor_axes": [
            (axis, label, [f for f in factors if f.axis == axis])
            for axis, label in AssessmentFactor.Axis.choices
        ],
        "copied_from": copied_from,
        "can_edit": can_edit,
        "assessment_form": assessment_form,
        "energy_form": energy_form,
        "commit_form": commit_form,
        "order_labels": dict(OrderSize.choices),
        "likelihood_labels": dict(Likelihood.choices),
        "order_scores": rule.order_scores,
        "likelihood_scores": rule.likelihood_scores,
        "tier_reasoning": TIER_REASONING.get(standing.tier),
        "suggested": [a for a in library if a.suits(standing.tier)],
        "committed": list(
            customer.committed_actions.filter(period=period).select_related("action", "owner")
        )
        if period
        else [],
        "conflict": bound.get("conflict"),
        "conflict_kind": bound.get("conflict_kind"),
    }


@require_GET
def customer_detail(request, pk):
    customer = get_customer_for_user(request, pk)
    period, _periods_list = _periods(request)
    return render(request, "customers/customer_detail.html", _detail_context(request, customer, period))


def _render_detail(request, customer, period, status, **bound):
    context = _detail_context(request, customer, period, **bound)
    return render(request, "customers/customer_detail.html", context, status=status)


def _posted_period(request):
    period, _ = _periods(request, request.POST)
    return period


@require_POST
def customer_assess(request, pk):
    customer = get_customer_for_user(request, pk, write=True)
    form = AssessmentForm(request.POST, factors=services.active_factors())
    period = form.cleaned_data["period"] if form.is_valid() else _posted_period(request)
    if form.is_valid():
        try:
            services.assessment_save(
                customer=customer,
                period=period,
                user=request.user,
                scores=form.scores(),
                revision=form.cleaned_data["revision"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.EditConflict as exc:
            data = request.POST.copy()
            data["revision"] = exc.current.revision
            form = AssessmentForm(data, factors=services.active_factors())
            return _render_detail(request, customer, period, 409, assessment_form=form,
                                  conflict=exc.current, conflict_kind="assessment")
        else:
            messages.success(request, _("The value assessment was saved."))
            return redirect(_detail_url(customer, period, "step-1"))
    return _render_detail(request, customer, period, 422, assessment_form=form)


@require_POST
def customer_energy(request, pk):
    customer = get_customer_for_user(request, pk, write=True)
    strategy = StrategySettings.load()
    form = EnergyForm(request.POST, strategy=strategy)
    period = form.cleaned_data["period"] if form.is_valid() else _posted_period(request)
    if form.is_valid():
        try:
            services.energy_save(
                customer=customer,
                period=period,
                user=request.user,
                order_level=form.cleaned_data["order_level"],
                likelihood_level=form.cleaned_data["likelihood_level"],
                revision=form.cleaned_data["revision"],
            )
        except services.EditConflict as exc:
            data = request.POST.copy()
            data["revision"] = exc.current.revision
            form = EnergyForm(data, strategy=strategy)
            return _render_detail(request, customer, period, 409, energy_form=form,
                                  conflict=exc.current, conflict_kind="energy")
        messages.success(request, _("The energy rating was saved."))
        return redirect(_detail_url(customer, period, "step-2"))
    return _render_detail(request, customer, period, 422, energy_form=form)


@require_POST
def customer_action_commit(request, pk):
    customer = get_customer_for_user(request, pk, write=True)
    period = _posted_period(request)
    assessment = Assessment.objects.filter(customer=customer, period=period).first()
    tier = assessment.tier(StrategySettings.load().high_threshold) if assessment else None
    form = CommitActionForm(
        request.POST, owners=services.region_owners(customer.region), tier=tier
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.action_commit(
                customer=customer,
                period=data["period"],
                user=request.user,
                action=data["action"],
                owner=data["owner"],
                due_date=data["due_date"],
                note=data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The action was committed."))
            return redirect(_detail_url(customer, data["period"], "step-3"))
    return _render_detail(request, customer, period, 422, commit_form=form)


@require_POST
def committed_action_update(request, pk):
    committed = get_committed_action_for_user(request, pk, write=True)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Say which status the action has now."))
    services.committed_action_set_status(
        committed=committed, user=request.user, status=form.cleaned_data["status"]
    )
    messages.success(request, _("The action was updated."))
    return redirect(_detail_url(committed.customer, committed.period, "step-3"))


@require_GET
def customer_matrix(request, pk):
    region = get_region_for_user(request, pk)
    period, periods = _periods(request)
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
    period, periods = _periods(request)
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
