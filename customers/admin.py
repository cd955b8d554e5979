"""Administration of people, regions, periods, products and customers."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from customers.models import Customer, Period, Product, Region, RegionMembership, User


class MembershipInline(admin.TabularInline):
    model = RegionMembership
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("Sales planning"), {"fields": ("role", "full_name", "language")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Sales planning"), {"fields": ("role", "full_name")}),
    )
    list_display = ("username", "full_name", "role", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en", "parent")
    search_fields = ("code", "name", "name_en")
    list_filter = ("parent",)


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ("year", "submission_due", "review_meeting")


@admin.register(Product)
class ProductAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "name_en", "unit", "list_price", "standard_cost", "active")
    list_filter = ("active",)
    search_fields = ("code", "name", "name_en")


@admin.register(Customer)
class CustomerAdmin(SimpleHistoryAdmin):
    list_display = ("name", "region", "industry", "active")
    list_filter = ("region", "active")
    search_fields = ("name", "industry")
