"""The page where a region's manager imports the customers' agreed prices from a spreadsheet."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from customers.access import get_region_for_user
from planning.spreadsheets.forms import PriceImportForm
from planning.spreadsheets.prices import COLUMNS, price_import_apply, read_price_import
from planning.spreadsheets.workbooks import UploadRefused, upload_limit_mb


@require_http_methods(["GET", "POST"])
def price_import(request, pk):
    region = get_region_for_user(request, pk, write=True)
    form = PriceImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
    )
    result = None
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = read_price_import(region, name=upload.name, data=upload.read())
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        if result is not None and result.ok:
            try:
                counts = price_import_apply(region=region, user=request.user, result=result)
            except ValidationError as exc:
                result.add_error(0, "", " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _(
                        "Prices imported: %(added)s added, %(changed)s changed, %(unchanged)s "
                        "unchanged. Targets entered before keep their amounts until an "
                        "administrator reprices them."
                    )
                    % vars(counts),
                )
                return redirect("customer_list", pk=region.pk)
    context = {
        "region": region,
        "form": form,
        "result": result,
        "columns": COLUMNS,
        "limit_mb": upload_limit_mb(),
    }
    refused = form.errors or (result is not None and not result.ok)
    return render(
        request, "planning/numbers/price_import.html", context, status=422 if refused else 200
    )
