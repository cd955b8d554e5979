"""URLs of the plan editor and review."""

from django.urls import path

from planning import views, views_hq, views_numbers, views_print

urlpatterns = [
    path("", views.home, name="home"),
    path("hq/", views_hq.rollup_latest, name="rollup_latest"),
    path("hq/<int:year>/", views_hq.rollup, name="rollup"),
    path("hq/<int:year>/<slug:code>/", views_hq.rollup_region, name="rollup_region"),
    path(
        "hq/<int:year>/<slug:code>/customers/<int:customer_id>/",
        views_hq.rollup_customer,
        name="rollup_customer",
    ),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/summary/edit/", views.plan_summary_edit, name="plan_summary_edit"),
    path("plans/<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("plans/<int:pk>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:pk>/return/", views.plan_return, name="plan_return"),
    path("plans/<int:pk>/history/", views.plan_history, name="plan_history"),
    path("plans/<int:pk>/pdf/", views_print.plan_pdf, name="plan_pdf"),
    path("plans/<int:pk>/comments/", views.comment_create, name="comment_create"),
    path("comments/<int:pk>/reply/", views.comment_reply, name="comment_reply"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("plans/<int:pk>/targets/", views_numbers.targets_home, name="targets_home"),
    path(
        "plans/<int:pk>/targets/product/<int:product_id>/",
        views_numbers.targets_by_product,
        name="targets_by_product",
    ),
    path(
        "plans/<int:pk>/targets/customer/<int:customer_id>/",
        views_numbers.targets_by_customer,
        name="targets_by_customer",
    ),
    path(
        "plans/<int:pk>/targets/product/<int:product_id>/fill/<slug:tool>/",
        views_numbers.targets_fill,
        name="targets_fill",
    ),
    path("plans/<int:pk>/collections/", views_numbers.collections_plan, name="collections_plan"),
    path(
        "plans/<int:pk>/collections/report/",
        views_numbers.collections_report,
        name="collections_report",
    ),
    path("plans/<int:pk>/pnl/", views_numbers.profit_and_loss, name="profit_and_loss"),
    path("plans/<int:pk>/expenses/", views_numbers.expense_budget, name="expense_budget"),
    path("plans/<int:pk>/actuals/", views_numbers.actuals_home, name="actuals_home"),
    path(
        "plans/<int:pk>/actuals/sales/<int:product_id>/",
        views_numbers.actual_sales,
        name="actual_sales",
    ),
    path(
        "plans/<int:pk>/actuals/collections/",
        views_numbers.actual_collections,
        name="actual_collections",
    ),
    path("plans/<int:pk>/actuals/expenses/", views_numbers.actual_expenses, name="actual_expenses"),
]
