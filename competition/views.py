"""Pages of the competition worksheets: the overview, competitors and their moves."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from competition import services
from competition.access import (
    competitors_for_user,
    get_competitor_for_user,
    get_move_for_user,
    get_worksheet_for_user,
)
from competition.forms import (
    CompetitorEditForm,
    CompetitorForm,
    DeleteForm,
    MoveEditForm,
    MoveForm,
)
from competition.models import ProductPosition
from competition.summaries import competitive_strategy_summary, competitor_moves
from customers.access import can_edit_region, regions_for_user
from customers.models import Period, Product
from salesplan.conflicts import FormSave, attach_errors, form_status, save_form
from salesplan.converters import parse_id, query_value
from salesplan.wording import join_list


def overview_url(region, period, anchor: str = "") -> str:
    url = reverse("competition_overview", args=[region.code, period.year])
    return f"{url}#{anchor}" if anchor else url


def saved_values(form: forms.Form, instance) -> list[tuple[str, str]]:
    """The other person's saved values, labelled like the form's fields, for a conflict."""
    values = []
    for name, field in form.fields.items():
        if name == "revision":
            continue
        value = getattr(instance, name, None)
        if isinstance(field, forms.ModelMultipleChoiceField):
            text = join_list(value.all()) if instance.pk else ""
        elif isinstance(field, forms.MultipleChoiceField):
            labels = dict(field.choices)
            text = join_list(labels.get(item, item) for item in value or [])
        elif hasattr(instance, f"get_{name}_display"):
            text = getattr(instance, f"get_{name}_display")()
        elif isinstance(value, bool):
            text = _("yes") if value else _("no")
        else:
            text = "" if value is None else str(value)
        values.append((field.label, text or "—"))
    return values


def conflict_context(current, values: list[tuple[str, str]]) -> dict:
    last = current.history.first() if current.pk else None
    return {
        "conflict": current,
        "conflict_who": last.history_user if last else None,
        "conflict_when": last.history_date if last else None,
        "conflict_values": values,
    }


def conflict_shown(result: FormSave, values=saved_values) -> dict:
    """What the page shows of a refused save: the other person's version, or nothing."""
    if result.conflict is None:
        return {}
    return conflict_context(result.conflict, values(result.form, result.conflict))


@require_GET
def competition_home(request):
    regions = regions_for_user(request.user).annotate(
        competitor_count=Count("competitors", distinct=True)
    )
    return render(
        request,
        "competition/home.html",
        {"regions": regions, "periods": Period.objects.all()},
    )


@require_GET
def overview(request, region_code, year):
    region, period = get_worksheet_for_user(request, region_code, year)
    competitors = (
        competitors_for_user(request.user)
        .filter(region=region)
        .prefetch_related("products")
        .annotate(move_count=Count("moves"))
    )
    assessed = ProductPosition.objects.filter(region=region, period=period).values("product")
    return render(
        request,
        "competition/overview.html",
        {
            "region": region,
            "period": period,
            "periods": Period.objects.all(),
            "competitors": competitors,
            "moves": competitor_moves(region),
            "summary": competitive_strategy_summary(region, period),
            "unassessed": Product.objects.filter(active=True).exclude(pk__in=assessed),
            "competition_edit": can_edit_region(request.user, region),
        },
    )


@require_http_methods(["GET", "POST"])
def competitor_create(request, region_code, year):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    form = CompetitorForm(request.POST if request.method == "POST" else None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            competitor = services.competitor_create(
                region=region, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("%(name)s was added.") % {"name": competitor.name})
            return redirect(overview_url(region, period, "competitors"))
    context = {"region": region, "period": period, "form": form, "title": _("New competitor")}
    return render(request, "competition/form_page.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def competitor_edit(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    competitor = get_competitor_for_user(request, region, pk)
    shown = {}
    if request.method == "POST":
        result = save_form(
            request,
            lambda data: CompetitorEditForm(data, instance=competitor, region=region),
            lambda form: services.competitor_update(
                competitor=competitor, user=request.user, **form.cleaned_data
            ),
        )
        if result.done:
            name = result.form.cleaned_data["name"]
            messages.success(request, _("%(name)s was saved.") % {"name": name})
            return redirect(overview_url(region, period, "competitors"))
        form, shown = result.form, conflict_shown(result)
    else:
        form = CompetitorEditForm(
            instance=competitor, region=region, initial={"revision": competitor.revision}
        )
    context = {
        "region": region,
        "period": period,
        "form": form,
        "title": _("Competitor %(name)s") % {"name": competitor.name},
        **shown,
    }
    status = form_status(form, shown.get("conflict"))
    return render(request, "competition/form_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def move_create(request, region_code, year):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    competitor = query_value(request, "competitor", parse_id)
    initial = {"competitor": competitor} if request.method == "GET" else None
    form = MoveForm(
        request.POST if request.method == "POST" else None, region=region, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.move_create(region=region, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("The competitor move was added."))
            return redirect(overview_url(region, period, "moves"))
    context = {
        "region": region,
        "period": period,
        "form": form,
        "title": _("New competitor move (竞争者动向)"),
    }
    return render(request, "competition/form_page.html", context, status=form_status(form))


@require_http_methods(["GET", "POST"])
def move_edit(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    move = get_move_for_user(request, region, pk)
    shown = {}
    if request.method == "POST":
        result = save_form(
            request,
            lambda data: MoveEditForm(data, instance=move, region=region),
            lambda form: services.move_update(move=move, user=request.user, **form.cleaned_data),
        )
        if result.done:
            messages.success(request, _("The competitor move was saved."))
            return redirect(overview_url(region, period, "moves"))
        form, shown = result.form, conflict_shown(result)
    else:
        form = MoveEditForm(instance=move, region=region, initial={"revision": move.revision})
    context = {
        "region": region,
        "period": period,
        "form": form,
        "title": _("Competitor move (竞争者动向)"),
        "delete_url": reverse("competitor_move_delete", args=[region.code, period.year, move.pk]),
        **shown,
    }
    status = form_status(form, shown.get("conflict"))
    return render(request, "competition/form_page.html", context, status=status)


@require_http_methods(["GET", "POST"])
def move_delete(request, region_code, year, pk):
    region, period = get_worksheet_for_user(request, region_code, year, write=True)
    move = get_move_for_user(request, region, pk)
    form, conflict = DeleteForm(initial={"revision": move.revision}), None
    if request.method == "POST":
        result = save_form(
            request,
            DeleteForm,
            lambda form: services.move_delete(move=move, user=request.user, **form.cleaned_data),
        )
        if result.done:
            messages.success(request, _("The competitor move was deleted."))
            return redirect(overview_url(region, period, "moves"))
        form, conflict = result.form, result.conflict
    context = {
        "region": region,
        "period": period,
        "form": form,
        "object": conflict or move,
        "title": _("Delete this competitor move?"),
        "changed_meanwhile": conflict is not None,
    }
    return render(
        request, "competition/confirm_delete.html", context, status=form_status(form, conflict)
    )
