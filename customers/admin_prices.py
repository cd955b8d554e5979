"""Administration of prices: list prices by month and customers' agreed prices, their own lists
and the inlines of products and customers; every saved price offers the repricing preview."""

from datetime import date
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from customers.models import FROM_THE_START, CustomerPrice, ListPrice, Period
from salesplan.history_admin import ContentHistoryAdmin, RevisionAdmin
from salesplan.months import month_label

LINKS_OFFERED = 5  # saved prices whose repricing links one save lists


def repricing_url(*, year: int, month: int, product_id=None, customer_id=None) -> str:
    query = {"year": year, "month": month, "product": product_id or "", "customer": ""}
    if customer_id:
        query["customer"] = customer_id
    return f"{reverse('targets_reprice_preview')}?{urlencode(query)}"


def repricing_links(*, valid_from: date, product_id=None, customer_id=None) -> list[tuple]:
    """(url, label) of the repricing preview for each period the price reaches: its own year
    from its month, later years from January."""
    links = []
    for year in (
        Period.objects.filter(year__gte=valid_from.year)
        .order_by("year")
        .values_list("year", flat=True)
    ):
        month = valid_from.month if year == valid_from.year else 1
        url = repricing_url(year=year, month=month, product_id=product_id, customer_id=customer_id)
        label = _("%(year)s from %(month)s") % {"year": year, "month": month_label(month)}
        links.append((url, label))
    return links


def offer_repricing(request, prices) -> None:
    """A message after a price change: stored targets keep their amounts until repriced, with a
    link to the preview of each period the price reaches. `prices`: (valid_from, product id,
    customer id or None) of each saved price."""
    for valid_from, product_id, customer_id in list(dict.fromkeys(prices))[:LINKS_OFFERED]:
        links = repricing_links(
            valid_from=valid_from, product_id=product_id, customer_id=customer_id
        )
        if links:
            messages.info(
                request,
                format_html(
                    "{} {}",
                    _("Targets already entered keep their amounts until they are repriced:"),
                    format_html_join(" · ", '<a href="{}">{}</a>', links),
                ),
            )


def _selected_repricing(queryset, customer_field: bool):
    """The preview for the selected prices: the earliest month, one product or customer."""
    first = min(price.valid_from for price in queryset)
    products = {price.product_id for price in queryset}
    customers = {price.customer_id for price in queryset} if customer_field else set()
    links = repricing_links(
        valid_from=first,
        product_id=products.pop() if len(products) == 1 else None,
        customer_id=customers.pop() if len(customers) == 1 else None,
    )
    return links[0][0] if links else None


class RepricingActionMixin:
    actions = ["reprice_targets"]
    customer_field = False

    @admin.action(description=gettext_lazy("Reprice targets after these prices (preview)"))
    def reprice_targets(self, request, queryset):
        url = _selected_repricing(queryset, self.customer_field)
        if url is None:
            self.message_user(request, _("No planning period is reached by these prices."))
            return None
        return redirect(url)


class CustomerPriceInline(admin.TabularInline):
    """A customer's agreed prices, on the customer."""

    model = CustomerPrice
    extra = 0
    fields = ("product", "price", "valid_from")
    autocomplete_fields = ["product"]


class ProductCustomerPriceInline(admin.TabularInline):
    """The agreed prices of a product, on the product."""

    model = CustomerPrice
    extra = 0
    fields = ("customer", "price", "valid_from")
    autocomplete_fields = ["customer"]


class ListPriceInline(admin.TabularInline):
    model = ListPrice
    extra = 0
    fields = ("price", "valid_from")


class PriceInlinesMixin:
    """Inlined prices count as saves: a changed agreed price raises its revision (a manager's
    form opened before is refused), and every changed price offers the repricing preview."""

    def save_formset(self, request, form, formset, change):
        deleted = formset.deleted_forms if formset.can_delete else []
        changed = [
            inline for inline in formset.forms if inline.has_changed() and inline not in deleted
        ]
        for inline in changed:
            if isinstance(inline.instance, CustomerPrice) and inline.instance.pk:
                inline.instance.revision += 1
        super().save_formset(request, form, formset, change)
        offer_repricing(
            request,
            [
                (
                    inline.instance.valid_from,
                    inline.instance.product_id,
                    getattr(inline.instance, "customer_id", None),
                )
                for inline in changed
            ],
        )


@admin.register(CustomerPrice)
class CustomerPriceAdmin(RepricingActionMixin, RevisionAdmin):
    list_display = ("customer", "customer_region", "product", "price", "valid_from")
    list_filter = ("product", "customer__region", "valid_from")
    search_fields = ("customer__name", "product__code", "product__name", "product__name_en")
    autocomplete_fields = ["customer", "product"]
    date_hierarchy = "valid_from"
    customer_field = True

    @admin.display(description=gettext_lazy("region"), ordering="customer__region")
    def customer_region(self, price):
        return price.customer.region

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("customer__region", "product")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        offer_repricing(request, [(obj.valid_from, obj.product_id, obj.customer_id)])


@admin.register(ListPrice)
class ListPriceAdmin(RepricingActionMixin, ContentHistoryAdmin):
    list_display = ("product", "price", "valid_from")
    list_filter = ("product", "valid_from")
    search_fields = ("product__code", "product__name", "product__name_en")
    autocomplete_fields = ["product"]
    date_hierarchy = "valid_from"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        offer_repricing(request, [(obj.valid_from, obj.product_id, None)])


def offer_list_price_repricing(request, product, form) -> None:
    """`Product.list_price` is the price with no month: a change reaches every period."""
    if "list_price" in form.changed_data:
        offer_repricing(request, [(FROM_THE_START, product.pk, None)])
