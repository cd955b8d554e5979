"""A customer's page and its three steps: value (1), energy (2) and committed actions (3)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from customers import services
from customers.access import (
    can_edit_region,
    get_committed_action_for_user,
    get_customer_for_user,
)
from customers.forms import ActionStatusForm, AssessmentForm, CommitActionForm, EnergyForm
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
from customers.pricing import customer_price_rows
from customers.standings import standing_of
from customers.views import detail_url, periods_from
from salesplan.conflicts import save_form
from salesplan.converters import parse_id, query_value

TIER_REASONING = {
    1: gettext_lazy(
        "Great development potential and we hold the advantage (发展潜力大, 我们有优势)."
    ),
    2: gettext_lazy(
        "Future value, must invest; aim: make it a “consolidated” customer "
        "(未来增值, 必须投入, 目标:“巩固类”)."
    ),
    3: gettext_lazy(
        "Grows only in proportion, share is hard to raise; go for current profit from our strong "
        "position (等比增长, 提高份额难, 收益不大; 重在现实利润, 我们有优势地位)."
    ),
    4: gettext_lazy(
        "Many customers but little profit, heavy coverage does not pay, their buying is easily "
        "swayed and unlikely to be repeated: consider withdrawing (数量多但利润小, "
        "强力覆盖得不偿失, 其采购活动易受诱导, 续购可能性小, 考虑撤出)."
    ),
}


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
                "action": query_value(request, "action", parse_id),
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
        "prices": customer_price_rows(customer.pk),
        "can_edit_prices": can_edit_region(request.user, customer.region),
        "region": customer.region,
        "period": period,
        "periods": list(Period.objects.all()),
        "strategy": strategy,
        "standing": standing,
        "assessment": assessment,
        "energy": energy,
        "used_weights": used_weights,
        "weights_changed": any(row.weight != row.factor.weight for row in used_weights.values()),
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
    period, _all_periods = periods_from(request)
    return render(
        request, "customers/customer_detail.html", _detail_context(request, customer, period)
    )


def _render_detail(request, customer, period, status, **bound):
    context = _detail_context(request, customer, period, **bound)
    return render(request, "customers/customer_detail.html", context, status=status)


def _posted_period(request) -> Period | None:
    period, _all_periods = periods_from(request, request.POST)
    return period


def _save_step(request, customer, *, kind: str, make_form, save, saved: str, anchor: str):
    """Step 1's or step 2's form: saved, refused (422), or a conflict shown beside ours (409)."""
    result = save_form(request, make_form, save)
    period = result.form.cleaned_data.get("period") or _posted_period(request)
    if result.done:
        messages.success(request, saved)
        return redirect(detail_url(customer, period, anchor))
    bound = {f"{kind}_form": result.form, "conflict": result.conflict, "conflict_kind": kind}
    return _render_detail(request, customer, period, result.status, **bound)


@require_POST
def customer_assess(request, pk):
    customer = get_customer_for_user(request, pk, write=True)
    factors = services.active_factors()
    return _save_step(
        request,
        customer,
        kind="assessment",
        make_form=lambda data: AssessmentForm(data, factors=factors),
        save=lambda form: services.assessment_save(
            customer=customer,
            period=form.cleaned_data["period"],
            user=request.user,
            scores=form.scores(),
            revision=form.cleaned_data["revision"],
        ),
        saved=_("The value assessment was saved."),
        anchor="step-1",
    )


@require_POST
def customer_energy(request, pk):
    customer = get_customer_for_user(request, pk, write=True)
    strategy = StrategySettings.load()
    return _save_step(
        request,
        customer,
        kind="energy",
        make_form=lambda data: EnergyForm(data, strategy=strategy),
        save=lambda form: services.energy_save(
            customer=customer,
            period=form.cleaned_data["period"],
            user=request.user,
            order_level=form.cleaned_data["order_level"],
            likelihood_level=form.cleaned_data["likelihood_level"],
            revision=form.cleaned_data["revision"],
        ),
        saved=_("The energy rating was saved."),
        anchor="step-2",
    )


@require_POST
def customer_action_commit(request, pk):
    customer = get_customer_for_user(request, pk, write=True)
    period = _posted_period(request)
    assessment = Assessment.objects.filter(customer=customer, period=period).first()
    tier = assessment.tier(StrategySettings.load().high_threshold) if assessment else None
    form = CommitActionForm(request.POST, owners=services.region_owners(customer.region), tier=tier)
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
            return redirect(detail_url(customer, data["period"], "step-3"))
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
    return redirect(detail_url(committed.customer, committed.period, "step-3"))
