"""The administrator's repricing pages: what a price change leaves out of date, per plan, and the
confirmed repricing (`planning.numbers.repricing`)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from customers.models import Period
from planning.access import PlanReadOnly, require_repricer
from planning.numbers import repricing as service
from planning.numbers.forms import RepricingForm
from salesplan.templatetags.salesplan import money

TEMPLATE = "planning/numbers/reprice.html"


def _preview_url(form: RepricingForm) -> str:
    query = {key: form.data.get(key, "") for key in ("year", "month", "product", "customer")}
    return f"{reverse('targets_reprice_preview')}?{urlencode(query)}"


@require_GET
def targets_reprice_preview(request):
    require_repricer(request.user)
    latest = Period.objects.order_by("-year").first()
    form = RepricingForm(
        request.GET if "year" in request.GET else None,
        initial={"year": latest.year if latest else None, "month": 1},
    )
    repricing = service.repricing_preview(**form.scope()) if form.is_valid() else None
    return render(
        request,
        TEMPLATE,
        {"form": form, "repricing": repricing},
        # The form reads the query string: a value it refuses is a bad request.
        status=400 if form.errors else 200,
    )


@require_POST
def targets_reprice(request):
    require_repricer(request.user)
    form = RepricingForm(request.POST)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form, "repricing": None}, status=422)
    try:
        repricing, result = service.targets_reprice(
            user=request.user, fingerprint=request.POST.get("fingerprint", ""), **form.scope()
        )
    except service.RepricingMoved as exc:
        context = {"form": form, "repricing": exc.current, "moved": True}
        return render(request, TEMPLATE, context, status=409)
    except PlanReadOnly as exc:
        messages.error(request, _("Nothing was repriced: %(reason)s") % {"reason": exc})
        return redirect(_preview_url(form))
    if not result.ok:
        reason = service.refusal(result)
        messages.error(request, _("Nothing was repriced: %(reason)s") % {"reason": reason})
        return redirect(_preview_url(form))
    messages.success(
        request,
        ngettext(
            "Repriced %(count)s target: %(old)s → %(new)s.",
            "Repriced %(count)s targets: %(old)s → %(new)s.",
            repricing.count,
        )
        % {
            "count": repricing.count,
            "old": money(repricing.old_total),
            "new": money(repricing.new_total),
        },
    )
    if repricing.skipped:
        messages.warning(
            request,
            _("Left as they were, being submitted or approved (read-only): %(plans)s.")
            % {"plans": ", ".join(str(entry.plan) for entry in repricing.skipped)},
        )
    return redirect(_preview_url(form))
