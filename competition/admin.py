"""Administration of competitors, worksheets, the enterprise-capability factors and weights, and
the thresholds of the role rule."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from competition.models import (
    CapabilityFactor,
    CapabilityScore,
    ChosenStrategy,
    CompetitionWorksheet,
    Competitor,
    CompetitorMove,
    PositionEntry,
    PositioningAssessment,
    ProductPosition,
    RoleThresholds,
)
from salesplan.history_admin import ContentHistoryAdmin, RevisionAdmin


@admin.register(CapabilityFactor)
class CapabilityFactorAdmin(ContentHistoryAdmin):
    list_display = ("name", "name_en", "weight", "order", "active")
    list_filter = ("active",)
    search_fields = ("name", "name_en")


@admin.register(RoleThresholds)
class RoleThresholdsAdmin(ContentHistoryAdmin):
    """One row; the list opens it. Its clean() refuses thresholds outside their ranges."""

    fields = ("niche_share", "challenger_gap")

    def has_add_permission(self, request):
        return not RoleThresholds.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row, _created = RoleThresholds.objects.get_or_create(pk=1)
        return redirect(reverse("admin:competition_rolethresholds_change", args=[row.pk]))


class MoveInline(admin.TabularInline):
    model = CompetitorMove
    extra = 0
    fields = ("date", "description", "response")


@admin.register(Competitor)
class CompetitorAdmin(RevisionAdmin):
    list_display = ("name", "region", "active")
    list_filter = ("region", "active")
    search_fields = ("name", "notes")
    filter_horizontal = ("products",)
    inlines = [MoveInline]


@admin.register(CompetitorMove)
class CompetitorMoveAdmin(RevisionAdmin):
    list_display = ("date", "competitor", "description")
    list_filter = ("competitor__region",)
    date_hierarchy = "date"


class ScoreInline(admin.TabularInline):
    model = CapabilityScore
    extra = 0


@admin.register(PositionEntry)
class PositionEntryAdmin(ContentHistoryAdmin):
    list_display = ("position", "competitor", "share", "role_override")
    list_filter = ("position__region", "position__period")
    inlines = [ScoreInline]


class EntryInline(admin.TabularInline):
    model = PositionEntry
    extra = 0
    fields = ("competitor", "share", "role_override", "override_reason")
    show_change_link = True


@admin.register(ProductPosition)
class ProductPositionAdmin(RevisionAdmin):
    list_display = ("region", "period", "product")
    list_filter = ("region", "period", "product")
    inlines = [EntryInline]


@admin.register(PositioningAssessment)
class PositioningAssessmentAdmin(RevisionAdmin):
    list_display = ("competitor", "period")
    list_filter = ("period", "competitor__region")


@admin.register(CompetitionWorksheet)
class CompetitionWorksheetAdmin(RevisionAdmin):
    list_display = ("region", "period")
    list_filter = ("period", "region")


@admin.register(ChosenStrategy)
class ChosenStrategyAdmin(RevisionAdmin):
    list_display = ("title", "region", "period", "kind", "product", "budget")
    list_filter = ("kind", "period", "region")
    search_fields = ("title", "aim", "niche", "notes")
