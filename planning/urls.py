"""URLs of the plan editor and review."""

from django.urls import path

import salesplan.converters  # noqa: F401 - registers <id:…>
from planning.chapters import action_views, swot_views
from planning.chapters import views as views_chapters
from planning.hq import deadline_views as views_deadlines
from planning.hq import views as views_hq
from planning.notifications import views as views_notifications
from planning.numbers import fill_views as views_fill
from planning.numbers import report_views as views_reports
from planning.numbers import repricing_views as views_repricing
from planning.numbers import undo_views as views_undo
from planning.numbers import views as views_numbers
from planning.printing import pack_views as views_packs
from planning.printing import views as views_print
from planning.review import views
from planning.rounds import views as views_rounds
from planning.spreadsheets import price_views as views_price_import
from planning.spreadsheets import views as views_spreadsheets
from planning.tools import views as views_tools
from planning.tools import weekly_views as views_weekly
from planning.versions import views as views_versions

urlpatterns = [
    path("", views.home, name="home"),
    path("hq/", views_hq.rollup_latest, name="rollup_latest"),
    path("hq/<id:year>/", views_hq.rollup, name="rollup"),
    # Before the region's drill-down: "half-year" would otherwise be read as a region's code.
    path("hq/<id:year>/half-year/", views_hq.rollup_revision, name="rollup_revision"),
    path("hq/<id:year>/<slug:code>/", views_hq.rollup_region, name="rollup_region"),
    path(
        "hq/<id:year>/<slug:code>/customers/<id:customer_id>/",
        views_hq.rollup_customer,
        name="rollup_customer",
    ),
    path("deadlines/", views_deadlines.deadline_board, name="deadline_board"),
    path("comments/open/", views_deadlines.open_comments, name="open_comments"),
    # Each person's own notifications (issue 17) and whether they also come by email.
    path("notifications/", views_notifications.notification_list, name="notification_list"),
    path("notifications/<id:pk>/", views_notifications.notification_open, name="notification_open"),
    path(
        "notifications/read/",
        views_notifications.notification_mark_all_read,
        name="notification_mark_all_read",
    ),
    path(
        "notifications/settings/",
        views_notifications.notification_settings,
        name="notification_settings",
    ),
    # Planning rounds (issue 17): headquarters opens a period's plans, then its revisions.
    path("rounds/open/", views_rounds.round_open, name="round_open"),
    path("rounds/revise/", views_rounds.round_revise, name="round_revise"),
    path("plans/<id:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<id:pk>/summary/edit/", views.plan_summary_edit, name="plan_summary_edit"),
    path("plans/<id:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<id:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<id:pk>/return/", views.plan_return, name="plan_return"),
    path("plans/<id:pk>/reopen/", views.plan_reopen, name="plan_reopen"),
    path("plans/<id:pk>/history/", views.plan_history, name="plan_history"),
    path("plans/<id:pk>/pdf/", views_print.plan_pdf, name="plan_pdf"),
    # The print dialog (its options: planning/printing/options.py); a large plan's print runs in
    # the background, its progress and file readable by the person who asked only.
    path("plans/<id:pk>/print/", views_print.plan_print, name="plan_print"),
    path("prints/<id:pk>/", views_print.print_job_detail, name="print_job_detail"),
    path("prints/<id:pk>/download/", views_print.print_job_download, name="print_job_download"),
    path("packs/<id:year>/new/", views_packs.pack_new, name="pack_new"),
    path("packs/<id:pk>/", views_packs.pack_detail, name="pack_detail"),
    path("packs/<id:pk>/download/", views_packs.pack_download, name="pack_download"),
    path("plans/<id:pk>/revise/", views_versions.plan_revise, name="plan_revise"),
    path("plans/<id:pk>/compare/", views_versions.plan_compare, name="plan_compare"),
    path("plans/<id:pk>/comments/", views.comment_create, name="comment_create"),
    path("comments/<id:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<id:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("plans/<id:pk>/targets/", views_numbers.targets_home, name="targets_home"),
    path(
        "plans/<id:pk>/targets/product/<id:product_id>/",
        views_numbers.targets_by_product,
        name="targets_by_product",
    ),
    path(
        "plans/<id:pk>/targets/customer/<id:customer_id>/",
        views_numbers.targets_by_customer,
        name="targets_by_customer",
    ),
    path(
        "plans/<id:pk>/targets/product/<id:product_id>/fill/<slug:tool>/",
        views_fill.targets_fill,
        name="targets_fill",
    ),
    path("plans/<id:pk>/collections/", views_numbers.collections_plan, name="collections_plan"),
    path(
        "plans/<id:pk>/opening-balances/",
        views_numbers.opening_balances,
        name="opening_balances",
    ),
    path(
        "plans/<id:pk>/collections/report/",
        views_reports.collections_report,
        name="collections_report",
    ),
    path("plans/<id:pk>/pnl/", views_reports.profit_and_loss, name="profit_and_loss"),
    path("plans/<id:pk>/expenses/", views_numbers.expense_budget, name="expense_budget"),
    path("plans/<id:pk>/actuals/", views_numbers.actuals_home, name="actuals_home"),
    path(
        "plans/<id:pk>/actuals/sales/<id:product_id>/",
        views_numbers.actual_sales,
        name="actual_sales",
    ),
    path(
        "plans/<id:pk>/actuals/collections/",
        views_numbers.actual_collections,
        name="actual_collections",
    ),
    path("plans/<id:pk>/actuals/expenses/", views_numbers.actual_expenses, name="actual_expenses"),
    path("plans/<id:pk>/figures/undo/", views_undo.figures_undo, name="figures_undo"),
    path("plans/<id:pk>/figures/redo/", views_undo.figures_redo, name="figures_redo"),
    path("plans/<id:pk>/export/", views_spreadsheets.numbers_export, name="numbers_export"),
    path(
        "plans/<id:pk>/export/template/",
        views_spreadsheets.numbers_template,
        name="numbers_template",
    ),
    path("plans/<id:pk>/import/", views_spreadsheets.numbers_import, name="numbers_import"),
    path(
        "plans/<id:pk>/import/apply/",
        views_spreadsheets.numbers_import_apply,
        name="numbers_import_apply",
    ),
]

# Prices: the administrator reprices targets after a price change; a region's manager imports
# its customers' agreed prices.
urlpatterns += [
    path("reprice/", views_repricing.targets_reprice_preview, name="targets_reprice_preview"),
    path("reprice/apply/", views_repricing.targets_reprice, name="targets_reprice"),
    path("regions/<id:pk>/prices/import/", views_price_import.price_import, name="price_import"),
]

# Plan chapters (issue 4): one edit page per written chapter; lists edited item by item.
urlpatterns += [
    path(
        "plans/<id:pk>/performance/edit/",
        views_chapters.plan_performance_edit,
        name="plan_performance_edit",
    ),
    path("plans/<id:pk>/market/edit/", views_chapters.plan_market_edit, name="plan_market_edit"),
    path("plans/<id:pk>/swot/edit/", swot_views.plan_swot_edit, name="plan_swot_edit"),
    path(
        "plans/<id:pk>/swot/directions/new/",
        swot_views.swot_direction_create,
        name="swot_direction_create",
    ),
    path(
        "plans/<id:pk>/swot/directions/<id:direction_id>/edit/",
        swot_views.swot_direction_edit,
        name="swot_direction_edit",
    ),
    path(
        "plans/<id:pk>/swot/directions/<id:direction_id>/delete/",
        swot_views.swot_direction_delete,
        name="swot_direction_delete",
    ),
    path(
        "plans/<id:pk>/strategies/edit/",
        views_chapters.plan_strategies_edit,
        name="plan_strategies_edit",
    ),
    path("plans/<id:pk>/actions/", action_views.plan_actions_edit, name="plan_actions_edit"),
    path("plans/<id:pk>/actions/new/", action_views.activity_create, name="activity_create"),
    path(
        "plans/<id:pk>/actions/<id:activity_id>/edit/",
        action_views.activity_edit,
        name="activity_edit",
    ),
    path(
        "plans/<id:pk>/actions/<id:activity_id>/delete/",
        action_views.activity_delete,
        name="activity_delete",
    ),
    path(
        "plans/<id:pk>/organisation/edit/",
        views_chapters.plan_organisation_edit,
        name="plan_organisation_edit",
    ),
    path(
        "plans/<id:pk>/control/edit/",
        views_chapters.plan_control_edit,
        name="plan_control_edit",
    ),
]

# The manager's working tools (issue 4): the monthly calendar and the daily to-do list.
urlpatterns += [
    path("calendar/", views_tools.calendar_today, name="calendar_today"),
    path("calendar/<id:year>/<id:month>/", views_tools.calendar_month, name="calendar_month"),
    path(
        "calendar/<id:year>/<id:month>/notes/",
        views_tools.calendar_month_notes,
        name="calendar_month_notes",
    ),
    path(
        "calendar/<id:year>/<id:month>/export.ics",
        views_tools.calendar_ics,
        name="calendar_ics",
    ),
    path("calendar/events/new/", views_tools.event_create, name="event_create"),
    path("calendar/events/<id:pk>/edit/", views_tools.event_edit, name="event_edit"),
    path("calendar/events/<id:pk>/delete/", views_tools.event_delete, name="event_delete"),
    path("todos/", views_tools.todo_list, name="todo_list"),
    path("todos/new/", views_tools.todo_create, name="todo_create"),
    path("todos/<id:pk>/edit/", views_tools.todo_edit, name="todo_edit"),
    path("todos/<id:pk>/done/", views_tools.todo_toggle, name="todo_toggle"),
    path("todos/<id:pk>/delete/", views_tools.todo_delete, name="todo_delete"),
    # The weekly check of product, market and P&L indicators (issue 20): the plan's readers.
    path("plans/<id:pk>/weekly/", views_weekly.weekly_check_page, name="weekly_check"),
    path("plans/<id:pk>/weekly/pdf/", views_weekly.weekly_check_pdf, name="weekly_check_pdf"),
]
