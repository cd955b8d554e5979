"""Administration of plans: read-mostly; the lifecycle runs through the app, never the admin."""

from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planning.models import (
    ActionDirection,
    Activity,
    ChapterText,
    Comment,
    ControlCommitment,
    ControlMeans,
    ExpenseLine,
    GapExplanation,
    OrganisationEntry,
    Plan,
    PlanTransition,
    Position,
    RollupThresholds,
    SwotItem,
)
from salesplan.history_admin import ContentHistoryAdmin


class TransitionInline(admin.TabularInline):
    model = PlanTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_state", "to_state", "by", "at", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(ContentHistoryAdmin):
    list_display = ("region", "period", "version", "state", "submitted_at")
    list_filter = ("state", "period", "region")
    inlines = [TransitionInline]
    # The revision is the app's optimistic-locking counter, not the administrator's business.
    exclude = ("revision",)
    # State, content and review fields change only through the app's services, which check the
    # lifecycle and record who did what.
    readonly_fields = (
        "state",
        "strategy_changes",
        "submitted_at",
        "submitted_by",
        "decided_at",
        "decided_by",
        "return_reason",
    )

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        return ("region", "period", "version", *self.readonly_fields)

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.state in Plan.EDITABLE_STATES and request.user.is_superuser


@admin.register(Comment)
class CommentAdmin(ContentHistoryAdmin):
    list_display = ("plan", "chapter", "author", "resolved", "created_at")
    list_filter = ("resolved", "chapter")
    readonly_fields = (
        "plan",
        "chapter",
        "parent",
        "author",
        "body",
        "resolved",
        "resolved_by",
        "resolved_at",
    )


# The written chapters (issue 4). The catalogue of the means of control is the administrators'
# to edit; a plan's content is written in the app, where the lifecycle and the revisions are
# checked, so it is read-only here. The managers' calendars and to-do lists are private to them
# and are not in the admin at all.


@admin.register(ControlMeans)
class ControlMeansAdmin(admin.ModelAdmin):
    list_display = ("name", "name_en", "default_cadence", "order", "active")
    list_filter = ("active", "default_cadence")
    search_fields = ("code", "name", "name_en")


@admin.register(ExpenseLine)
class ExpenseLineAdmin(admin.ModelAdmin):
    """The P&L's expense items (支出项), named in both languages. A line with figures is retired
    (not active), never deleted; the market activities' line is the action plan's budgets."""

    list_display = ("code", "name", "name_en", "order", "active")
    list_editable = ("order", "active")
    search_fields = ("code", "name", "name_en")
    # The code is the line's key, never shown in the app: a new line's follows its English name.
    prepopulated_fields = {"code": ("name_en",)}

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if obj is None else {}

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyContentAdmin(ContentHistoryAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SwotItem)
class SwotItemAdmin(ReadOnlyContentAdmin):
    list_display = ("plan", "kind", "text", "order")
    list_filter = ("kind", "plan__period")


@admin.register(ActionDirection)
class ActionDirectionAdmin(ReadOnlyContentAdmin):
    list_display = ("plan", "pairing", "text")
    list_filter = ("pairing", "plan__period")


@admin.register(Activity)
class ActivityAdmin(ReadOnlyContentAdmin):
    list_display = ("plan", "work", "owner", "budget", "months")
    list_filter = ("plan__period", "plan__region")
    exclude = ("month_bits",)
    readonly_fields = ("months",)

    @admin.display(description=_("months"))
    def months(self, obj):
        return obj.months_label


@admin.register(ChapterText)
class ChapterTextAdmin(ReadOnlyContentAdmin):
    list_display = ("plan", "part", "text")
    list_filter = ("part",)


@admin.register(GapExplanation)
class GapExplanationAdmin(ReadOnlyContentAdmin):
    list_display = ("plan", "product", "customer", "text")


@admin.register(Position)
class PositionAdmin(ReadOnlyContentAdmin):
    list_display = ("plan", "title", "headcount")


@admin.register(OrganisationEntry)
class OrganisationEntryAdmin(ReadOnlyContentAdmin):
    list_display = ("plan", "kind", "name")
    list_filter = ("kind",)


@admin.register(ControlCommitment)
class ControlCommitmentAdmin(ReadOnlyContentAdmin):
    list_display = ("plan", "means", "cadence", "owner", "status")
    list_filter = ("cadence", "status")


@admin.register(RollupThresholds)
class RollupThresholdsAdmin(ContentHistoryAdmin):
    """One row; the list opens it. Its clean() refuses amber above green."""

    fields = ("achievement_green", "achievement_amber", "growth_green", "growth_amber")

    def has_add_permission(self, request):
        return not RollupThresholds.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        row, _created = RollupThresholds.objects.get_or_create(pk=1)
        return redirect(reverse("admin:planning_rollupthresholds_change", args=[row.pk]))
