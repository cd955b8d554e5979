"""A customer's agreed prices: added and changed on the customer's page by the region's manager."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from customers import price_services
from customers.access import get_customer_for_user, get_customer_price_for_user
from customers.forms import CustomerPriceForm
from customers.models import Customer, CustomerPrice
from customers.views import detail_url
from salesplan.conflicts import form_status, save_form

TEMPLATE = "customers/price_form.html"


def _saved(request, customer: Customer):
    messages.success(
        request,
        _(
            "The price was saved. Targets entered before keep their amounts until an "
            "administrator reprices them."
        ),
    )
    return redirect(detail_url(customer, None, "prices"))


@require_http_methods(["GET", "POST"])
def customer_price_create(request, pk):
    customer = get_customer_for_user(request, pk, write=True)
    conflict = None
    if request.method == "POST":
        result = save_form(
            request,
            CustomerPriceForm,
            lambda form: price_services.customer_price_save(
                customer=customer, user=request.user, **form.price_fields()
            ),
        )
        if result.done:
            return _saved(request, customer)
        form, conflict = result.form, result.conflict
    else:
        form = CustomerPriceForm(initial={"revision": 0})
    context = {"customer": customer, "form": form, "price": None, "conflict": conflict}
    return render(request, TEMPLATE, context, status=form_status(form, conflict))


@require_http_methods(["GET", "POST"])
def customer_price_edit(request, pk):
    price = get_customer_price_for_user(request, pk, write=True)
    customer = price.customer
    conflict = None
    if request.method == "POST":
        result = save_form(
            request,
            lambda data: CustomerPriceForm(data, current=price.product),
            lambda form: price_services.customer_price_save(
                customer=customer, user=request.user, price_id=price.pk, **form.price_fields()
            ),
        )
        if result.done:
            return _saved(request, customer)
        form, conflict = result.form, result.conflict
    else:
        form = CustomerPriceForm(initial=_initial(price), current=price.product)
    context = {"customer": customer, "form": form, "price": price, "conflict": conflict}
    return render(request, TEMPLATE, context, status=form_status(form, conflict))


def _initial(price: CustomerPrice) -> dict:
    return {
        "product": price.product_id,
        "price": f"{price.price:f}",
        "valid_from": f"{price.valid_from:%Y-%m}",
        "revision": price.revision,
    }
