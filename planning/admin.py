"""Administration of plans: read-mostly; the lifecycle runs through the app, never the admin."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from planning.models import Comment, Plan, PlanTransition


class TransitionInline(admin.TabularInline):
    model = PlanTransition
    extra = 0
    can_delete = False
    readonly_fields = ("from_state", "to_state", "by", "at", "reason")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ("region", "period", "version", "state", "submitted_at")
    list_filter = ("state", "period", "region")
    inlines = [TransitionInline]
    # State, content and review fields change only through the app's services, which check the
    # lifecycle and record who did what.
    readonly_fields = (
        "state",
        "revision",
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
class CommentAdmin(SimpleHistoryAdmin):
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
