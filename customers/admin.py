"""Administration of people, regions, periods, products and customers (their prices:
`customers/admin_prices.py`)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from customers.admin_prices import (
    CustomerPriceInline,
    ListPriceInline,
    PriceInlinesMixin,
    ProductCustomerPriceInline,
    offer_list_price_repricing,
)
from customers.models import (
    Action,
    Assessment,
    AssessmentFactor,
    AssessmentScore,
    CommittedAction,
    Customer,
    EnergyRating,
    Period,
    Product,
    Region,
    RegionMembership,
    StandingSnapshot,
    StrategySettings,
    User,
)
from salesplan.history_admin import ContentHistoryAdmin, RevisionAdmin


class MembershipInline(admin.TabularInline):
    model = RegionMembership
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Sales planning"), {"fields": ("role", "full_name", "language", "email_notifications")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Sales planning"), {"fields": ("role", "full_name", "language", "email_notifications")}),
    )
    list_display = ("username", "full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]


@admin.register(Region)
class RegionAdmin(ContentHistoryAdmin):
    list_display = ("code", "name", "name_en", "parent")
    search_fields = ("code", "name", "name_en")
    list_filter = ("parent",)


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("year", "submission_due", "review_meeting")


@admin.register(Product)
class ProductAdmin(PriceInlinesMixin, ContentHistoryAdmin):
    list_display = (
        "code",
        "name",
        "name_en",
        "unit",
        "whole_units",
        "list_price",
        "standard_cost",
        "active",
    )
    list_filter = ("active",)
    search_fields = ("code", "name", "name_en")
    inlines = [ListPriceInline, ProductCustomerPriceInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            offer_list_price_repricing(request, obj, form)


@admin.register(Customer)
class CustomerAdmin(PriceInlinesMixin, RevisionAdmin):
    list_display = ("name", "region", "industry", "active")
    list_filter = ("region", "active")
    search_fields = ("name", "industry")
    inlines = [CustomerPriceInline]


# The customer strategy: the administrator's scoring settings, factors and action library, and
# the managers' records (read here for support; managers write them in the app).


@admin.register(StrategySettings)
class StrategySettingsAdmin(ContentHistoryAdmin):
    fieldsets = (
        (_("Step 1 — value (类别价值)"), {"fields": ("high_threshold",)}),
        (
            _("Step 2 — energy scores (客户能级细分的参考算法)"),
            {
                "fields": (
                    ("order_score_1", "order_score_2", "order_score_3", "order_score_4"),
                    (
                        "likelihood_score_1",
                        "likelihood_score_2",
                        "likelihood_score_3",
                        "likelihood_score_4",
                    ),
                    ("class_a_above", "class_b_above", "class_c_above"),
                )
            },
        ),
        (
            _("Funnel health (漏斗)"),
            {
                "fields": (
                    "funnel_sparse_below",
                    "funnel_pipeline_min",
                    "funnel_many_share",
                    "funnel_window_months",
                    "funnel_stocked_min",
                )
            },
        ),
    )

    def has_add_permission(self, request):
        return not StrategySettings.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings_row, _created = StrategySettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:customers_strategysettings_change", args=[settings_row.pk]))


@admin.register(AssessmentFactor)
class AssessmentFactorAdmin(ContentHistoryAdmin):
    list_display = ("name", "name_en", "axis", "position", "weight", "active")
    list_filter = ("axis", "active")
    search_fields = ("code", "name", "name_en")
    ordering = ("axis", "position")


@admin.register(Action)
class ActionAdmin(ContentHistoryAdmin):
    list_display = ("number", "name", "name_en", "tier_1", "tier_2", "tier_3", "tier_4", "active")
    list_filter = ("active", "tier_1", "tier_2", "tier_3", "tier_4")
    search_fields = ("name", "name_en")


class AssessmentScoreInline(admin.TabularInline):
    model = AssessmentScore
    extra = 0
    can_delete = False
    readonly_fields = ("factor", "score", "weight")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Assessment)
class AssessmentAdmin(RevisionAdmin):
    list_display = ("customer", "period", "attractiveness", "advantage", "updated_at")
    list_filter = ("period", "customer__region")
    search_fields = ("customer__name",)
    readonly_fields = ("customer", "period", "attractiveness", "advantage")
    inlines = [AssessmentScoreInline]


@admin.register(EnergyRating)
class EnergyRatingAdmin(RevisionAdmin):
    list_display = ("customer", "period", "order_level", "likelihood_level", "updated_at")
    list_filter = ("period", "customer__region")
    search_fields = ("customer__name",)


@admin.register(CommittedAction)
class CommittedActionAdmin(ContentHistoryAdmin):
    list_display = ("customer", "action", "owner", "due_date", "status")
    list_filter = ("status", "customer__region")
    search_fields = ("customer__name", "note")
    # Who committed it is bookkeeping, recorded by the save, never typed.
    exclude = ("created_by",)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(StandingSnapshot)
class StandingSnapshotAdmin(admin.ModelAdmin):
    list_display = ("customer", "period", "month", "tier", "energy_class", "priority", "reason")
    list_filter = ("period", "month", "customer__region", "reason")
    search_fields = ("customer__name",)
