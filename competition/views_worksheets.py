"""Pages of the worksheets of a period: product position, 4P1S positioning, chosen strategies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from competition import services
from competition.access import (
    get_competitor_for_user,
    get_strategy_for_user,
    get_worksheet_for_user,
)
from competition.forms import (
    DeleteForm,
    NotesForm,
    PositionForm,
    PositioningForm,
    StrategyEditForm,
    StrategyForm,
    attach_errors,
)
from competition.models import (
    CompetitionWorksheet,
    Competitor,
    PositioningAssessment,
    ProductPosition,
    StrategyKind,
)
from competition.summaries import (
    active_factors,
    position_summaries,
    position_summary,
    rival_colours,
    row_key,
)
from competition.views import (
    conflict_context,
    overview_url,
    rebound_with_revision,
    saved_values,
    status_for,
)
from customers.models import Product


def _companies(region, product, position) -> list[tuple[str, str, Competitor | None]]:
    """Us, then the region's active rivals in this product line and any already assessed."""
    assessed = position.entries.values("competitor") if position else []
    rivals = Competitor.objects.filter(region=region).filter(
        Q(active=True, products=product) | Q(pk__in=assessed)
    )
    return [
        (row_key(None), _("Us (我方)"), None),
        *((row_key(c), c.name, c) for c in rivals.distinct().order_by("name", "pk")),
    ]


def _share_text(share) -> str:
    text = f"{share:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _position_initial(summary, factors) -> dict:
    initial = {"revision": summary.position.revision if summary else 0}
    for row in summary.rows if summary else []:
        initial[f"share_{row.key}"] = _share_text(row.share)
        initial[f"role_{row.key}"] = row.role_override
        initial[f"reason_{row.key}"] = row.override_reason
        for factor in factors:
            initial[f"score_{row.key}_{factor.pk}"] = row.scores.get(factor.pk, "")
    return initial


def _position_values(position) -> list[tuple[str, str]]:
    if not position.pk:
        return []
    summary = position_summary(position, active_factors(), rival_colours(position.region))
    return [
        (row.name, f"{row.share:.1f}% · {row.capability or '—'} · {row.role_label}")
        for row in summary.rows
    ]


@require_http_methods(["GET", "POST"])
def position_edit(request, region_code, year, product_id):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    position = ProductPosition.objects.filter(
        region=region, period=period, product_id=product_id
    ).first()
    # An assessed product line stays editable after it is discontinued; a new sheet needs an
    # active one.
    products = Product.objects.all() if position else Product.objects.filter(active=True)
    product = get_object_or_404(products, pk=product_id)
    factors = active_factors()
    summary = position_summary(position, factors, rival_colours(region)) if position else None
    kwargs = {"companies": _companies(region, product, position), "factors": factors}
    conflict = {}
    if request.method == "POST":
        form = PositionForm(request.POST, **kwargs)
        if form.is_valid():
            rows = [services.PositionInput(**row) for row in form.inputs()]
            try:
                services.position_save(
                    region=region,
                    period=period,
                    product=product,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    rows=rows,
                )
            except services.EditConflict as exc:
                conflict = conflict_context(exc.current, _position_values(exc.current))
                form = rebound_with_revision(PositionForm, request, exc.current.revision, **kwargs)
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The position of %(product)s was saved.") % {"product": product.display_name},
                )
                return redirect(overview_url(region, period, f"position-{product.code}"))
    else:
        form = PositionForm(initial=_position_initial(summary, factors), **kwargs)
    saved = {row.key: row for row in summary.rows} if summary else {}
    context = {
        "region": region,
        "period": period,
        "product": product,
        "form": form,
        "rows": form.rows(saved),
        "factors": factors,
        "summary": summary,
        **conflict,
    }
    return render(
        request, "competition/position_form.html", context, status=status_for(form, conflict)
    )


@require_http_methods(["GET", "POST"])
def positioning_edit(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    competitor = get_competitor_for_user(request, region, pk)
    assessment = PositioningAssessment.objects.filter(competitor=competitor, period=period).first()
    instance = assessment or PositioningAssessment(competitor=competitor, period=period)
    conflict = {}
    if request.method == "POST":
        form = PositioningForm(request.POST, instance=instance)
        if form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
            try:
                services.positioning_save(
                    competitor=competitor,
                    period=period,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    values=values,
                )
            except services.EditConflict as exc:
                conflict = conflict_context(exc.current, saved_values(form, exc.current))
                form = rebound_with_revision(
                    PositioningForm, request, exc.current.revision, instance=exc.current
                )
            else:
                messages.success(
                    request,
                    _("The 4P1S positioning against %(name)s was saved.")
                    % {"name": competitor.name},
                )
                return redirect(overview_url(region, period, "positioning"))
    else:
        form = PositioningForm(
            instance=instance, initial={"revision": assessment.revision if assessment else 0}
        )
    context = {
        "region": region,
        "period": period,
        "competitor": competitor,
        "form": form,
        **conflict,
    }
    return render(
        request, "competition/positioning_form.html", context, status=status_for(form, conflict)
    )


@require_http_methods(["GET", "POST"])
def positioning_notes_edit(request, region_code, year):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    worksheet = CompetitionWorksheet.objects.filter(region=region, period=period).first()
    conflict = {}
    if request.method == "POST":
        form = NotesForm(request.POST)
        if form.is_valid():
            try:
                services.worksheet_save_notes(
                    region=region, period=period, user=request.user, **form.cleaned_data
                )
            except services.EditConflict as exc:
                conflict = conflict_context(exc.current, saved_values(form, exc.current))
                form = rebound_with_revision(NotesForm, request, exc.current.revision)
            else:
                messages.success(request, _("The points to watch were saved."))
                return redirect(overview_url(region, period, "positioning"))
    else:
        form = NotesForm(
            initial={
                "positioning_notes": worksheet.positioning_notes if worksheet else "",
                "revision": worksheet.revision if worksheet else 0,
            }
        )
    context = {
        "region": region,
        "period": period,
        "form": form,
        "title": _("Points to watch in positioning (定位中应注意问题)"),
        **conflict,
    }
    return render(request, "competition/form_page.html", context, status=status_for(form, conflict))


def _our_roles(region, period) -> list[tuple[Product, str]]:
    return [
        (summary.product, summary.our_row.role_label)
        for summary in position_summaries(region, period)
        if summary.our_row
    ]


@require_http_methods(["GET", "POST"])
def strategy_create(request, region_code, year):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    kind = request.GET.get("kind", StrategyKind.LEADER)
    if kind not in StrategyKind.values:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = StrategyForm(
        data, kind=kind, region=region, initial={"product": request.GET.get("product")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            strategy = services.strategy_create(
                region=region, period=period, user=request.user, kind=kind, values=form.values()
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The strategy was saved."))
            return redirect(strategy)
    context = {
        "region": region,
        "period": period,
        "form": form,
        "kind": kind,
        "title": StrategyKind(kind).label,
        "our_roles": _our_roles(region, period),
    }
    return render(request, "competition/strategy_form.html", context, status=status_for(form, None))


@require_http_methods(["GET", "POST"])
def strategy_edit(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    strategy = get_strategy_for_user(request, region, period, pk)
    kwargs = {"kind": strategy.kind, "region": region, "instance": strategy}
    conflict = {}
    if request.method == "POST":
        form = StrategyEditForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                strategy = services.strategy_update(
                    strategy=strategy,
                    user=request.user,
                    revision=form.cleaned_data["revision"],
                    values=form.values(),
                )
            except services.EditConflict as exc:
                conflict = conflict_context(exc.current, saved_values(form, exc.current))
                kwargs["instance"] = exc.current
                form = rebound_with_revision(
                    StrategyEditForm, request, exc.current.revision, **kwargs
                )
            except ValidationError as exc:
                attach_errors(form, exc)
            else:
                messages.success(request, _("The strategy was saved."))
                return redirect(strategy)
    else:
        form = StrategyEditForm(initial={"revision": strategy.revision}, **kwargs)
    context = {
        "region": region,
        "period": period,
        "form": form,
        "kind": strategy.kind,
        "title": f"{strategy.get_kind_display()} · {strategy.title}",
        "our_roles": _our_roles(region, period),
        "delete_url": reverse("strategy_delete", args=[region.code, period.year, strategy.pk]),
        **conflict,
    }
    return render(
        request, "competition/strategy_form.html", context, status=status_for(form, conflict)
    )


@require_http_methods(["GET", "POST"])
def strategy_delete(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    strategy = get_strategy_for_user(request, region, period, pk)
    form = DeleteForm(
        request.POST if request.method == "POST" else None,
        initial={"revision": strategy.revision},
    )
    conflict = False
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_delete(strategy=strategy, user=request.user, **form.cleaned_data)
        except services.EditConflict as exc:
            conflict, strategy = True, exc.current
        else:
            messages.success(request, _("The strategy was deleted."))
            return redirect(overview_url(region, period, "strategies"))
    context = {
        "region": region,
        "period": period,
        "form": DeleteForm(initial={"revision": strategy.revision}) if conflict else form,
        "object": strategy,
        "title": _("Delete this strategy?"),
        "changed_meanwhile": conflict,
    }
    return render(
        request, "competition/confirm_delete.html", context, status=status_for(form, conflict)
    )
