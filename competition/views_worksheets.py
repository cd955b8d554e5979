"""Pages of the worksheets of a period: product position, 4P1S positioning, chosen strategies."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
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
from competition.forms import DeleteForm, NotesForm, PositioningForm
from competition.models import (
    CompetitionWorksheet,
    Competitor,
    PositioningAssessment,
    ProductPosition,
    StrategyKind,
    role_thresholds,
)
from competition.strategy_forms import PositionForm, StrategyEditForm, StrategyForm
from competition.summaries import (
    active_factors,
    fit_warnings,
    number_text,
    position_summaries,
    position_summary,
    rival_colours,
    row_key,
)
from competition.views import conflict_shown, overview_url
from customers.models import Product
from salesplan.conflicts import attach_errors, form_status, save_form
from salesplan.converters import one_of, parse_id, query_value


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
    summary = position_summary(
        position, active_factors(), rival_colours(position.region), role_thresholds()
    )
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
    thresholds = role_thresholds()
    summary = (
        position_summary(position, factors, rival_colours(region), thresholds) if position else None
    )
    kwargs = {"companies": _companies(region, product, position), "factors": factors}
    shown = {}
    if request.method == "POST":
        result = save_form(
            request,
            lambda data: PositionForm(data, **kwargs),
            lambda form: services.position_save(
                region=region,
                period=period,
                product=product,
                user=request.user,
                revision=form.cleaned_data["revision"],
                rows=[services.PositionInput(**row) for row in form.inputs()],
            ),
        )
        if result.done:
            messages.success(
                request,
                _("The position of %(product)s was saved.") % {"product": product.display_name},
            )
            return redirect(overview_url(region, period, f"position-{product.code}"))
        form = result.form
        shown = conflict_shown(result, lambda _form, current: _position_values(current))
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
        "niche_share": number_text(thresholds.niche_share),
        "challenger_gap": number_text(thresholds.challenger_gap),
        **shown,
    }
    status = form_status(form, shown.get("conflict"))
    return render(request, "competition/position_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def positioning_edit(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    competitor = get_competitor_for_user(request, region, pk)
    assessment = PositioningAssessment.objects.filter(competitor=competitor, period=period).first()
    instance = assessment or PositioningAssessment(competitor=competitor, period=period)
    shown = {}
    if request.method == "POST":
        result = save_form(
            request,
            lambda data: PositioningForm(data, instance=instance),
            lambda form: services.positioning_save(
                competitor=competitor,
                period=period,
                user=request.user,
                revision=form.cleaned_data["revision"],
                values={k: v for k, v in form.cleaned_data.items() if k != "revision"},
            ),
        )
        if result.done:
            messages.success(
                request,
                _("The 4P1S positioning against %(name)s was saved.") % {"name": competitor.name},
            )
            return redirect(overview_url(region, period, "positioning"))
        form, shown = result.form, conflict_shown(result)
    else:
        form = PositioningForm(
            instance=instance, initial={"revision": assessment.revision if assessment else 0}
        )
    context = {"region": region, "period": period, "competitor": competitor, "form": form, **shown}
    status = form_status(form, shown.get("conflict"))
    return render(request, "competition/positioning_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def positioning_notes_edit(request, region_code, year):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    worksheet = CompetitionWorksheet.objects.filter(region=region, period=period).first()
    shown = {}
    if request.method == "POST":
        result = save_form(
            request,
            NotesForm,
            lambda form: services.worksheet_save_notes(
                region=region, period=period, user=request.user, **form.cleaned_data
            ),
        )
        if result.done:
            messages.success(request, _("The points to watch were saved."))
            return redirect(overview_url(region, period, "positioning"))
        form, shown = result.form, conflict_shown(result)
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
        **shown,
    }
    status = form_status(form, shown.get("conflict"))
    return render(request, "competition/form_page.html", context, status=status)


def _role_fit(region, period, kind: str, product_id: int | None) -> dict:
    """Our role per product line, whether the template of `kind` fits each, and the warnings for
    the chosen line (`product_id`, None for every line): the rule is rules.strategy_misfits."""
    positions = position_summaries(region, period)
    return {
        "our_roles": [
            (
                item.product,
                item.our_row.role_label,
                not fit_warnings(kind, item.product.pk, positions),
            )
            for item in positions
            if item.our_row
        ],
        "fit_warnings": fit_warnings(kind, product_id, positions),
    }


def _chosen_product(request, form, default: int | None) -> int | None:
    """The product line chosen: a refresh's or a refused save's, else `default`."""
    if request.method == "POST":
        cleaned = getattr(form, "cleaned_data", {})
        if "product" in cleaned:
            return cleaned["product"].pk if cleaned["product"] else None
        return parse_id(request.POST.get("product"))
    if "product" in request.GET:  # blank: every product line
        return query_value(request, "product", parse_id)
    return default


def _role_fit_refresh(request, region, period, kind: str):
    """The fit warning alone, for the product select's htmx refresh."""
    product_id = _chosen_product(request, None, None)
    warnings = _role_fit(region, period, kind, product_id)["fit_warnings"]
    return render(request, "competition/_role_fit.html", {"fit_warnings": warnings})


def _warn_if_misfit(request, strategy) -> None:
    for warning in fit_warnings(
        strategy.kind, strategy.product_id, position_summaries(strategy.region, strategy.period)
    ):
        messages.warning(request, warning)


@require_http_methods(["GET", "POST"])
def strategy_create(request, region_code, year):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    kind = query_value(request, "kind", one_of(*StrategyKind.values), StrategyKind.LEADER)
    if request.htmx and request.method == "GET":
        return _role_fit_refresh(request, region, period, kind)
    data = request.POST if request.method == "POST" else None
    form = StrategyForm(
        data,
        kind=kind,
        region=region,
        initial={"product": query_value(request, "product", parse_id)},
        fit_url=f"{request.path}?kind={kind}",
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
            _warn_if_misfit(request, strategy)
            return redirect(strategy)
    context = {
        "region": region,
        "period": period,
        "form": form,
        "kind": kind,
        "title": StrategyKind(kind).label,
        **_role_fit(region, period, kind, _chosen_product(request, form, None)),
    }
    return render(request, "competition/strategy_form.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def strategy_edit(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    strategy = get_strategy_for_user(request, region, period, pk)
    if request.htmx and request.method == "GET":
        return _role_fit_refresh(request, region, period, strategy.kind)
    kwargs = {
        "kind": strategy.kind,
        "region": region,
        "instance": strategy,
        "fit_url": request.path,
    }
    shown = {}
    if request.method == "POST":
        result = save_form(
            request,
            lambda data: StrategyEditForm(data, **kwargs),
            lambda form: services.strategy_update(
                strategy=strategy,
                user=request.user,
                revision=form.cleaned_data["revision"],
                values=form.values(),
            ),
        )
        if result.done:
            messages.success(request, _("The strategy was saved."))
            _warn_if_misfit(request, result.saved)
            return redirect(result.saved)
        form, shown = result.form, conflict_shown(result)
    else:
        form = StrategyEditForm(initial={"revision": strategy.revision}, **kwargs)
    context = {
        "region": region,
        "period": period,
        "form": form,
        "kind": strategy.kind,
        "title": f"{strategy.get_kind_display()} · {strategy.title}",
        "delete_url": reverse("strategy_delete", args=[region.code, period.year, strategy.pk]),
        **_role_fit(
            region, period, strategy.kind, _chosen_product(request, form, strategy.product_id)
        ),
        **shown,
    }
    status = form_status(form, shown.get("conflict"))
    return render(request, "competition/strategy_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def strategy_delete(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    strategy = get_strategy_for_user(request, region, period, pk)
    form, conflict = DeleteForm(initial={"revision": strategy.revision}), None
    if request.method == "POST":
        result = save_form(
            request,
            DeleteForm,
            lambda form: services.strategy_delete(
                strategy=strategy, user=request.user, **form.cleaned_data
            ),
        )
        if result.done:
            messages.success(request, _("The strategy was deleted."))
            return redirect(overview_url(region, period, "strategies"))
        form, conflict = result.form, result.conflict
    context = {
        "region": region,
        "period": period,
        "form": form,
        "object": conflict or strategy,
        "title": _("Delete this strategy?"),
        "changed_meanwhile": conflict is not None,
    }
    return render(
        request, "competition/confirm_delete.html", context, status=form_status(form, conflict)
    )
