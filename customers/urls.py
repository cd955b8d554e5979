"""URLs of the customers app: the customer strategy (included at /customers/)."""

from django.urls import path

import salesplan.converters  # noqa: F401 - registers <id:…>
from customers import views, views_prices, views_steps

urlpatterns = [
    path("", views.customer_home, name="customer_home"),
    path("energy-classes/", views.energy_class_table, name="energy_class_table"),
    path("regions/<id:pk>/", views.customer_list, name="customer_list"),
    path("regions/<id:pk>/new/", views.customer_create, name="customer_create"),
    path("regions/<id:pk>/matrix/", views.customer_matrix, name="customer_matrix"),
    path("regions/<id:pk>/funnel/", views.customer_funnel, name="customer_funnel"),
    path("<id:pk>/", views_steps.customer_detail, name="customer_detail"),
    path("<id:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("<id:pk>/assessment/", views_steps.customer_assess, name="customer_assess"),
    path("<id:pk>/energy/", views_steps.customer_energy, name="customer_energy"),
    path("<id:pk>/actions/", views_steps.customer_action_commit, name="customer_action_commit"),
    path("<id:pk>/prices/new/", views_prices.customer_price_create, name="customer_price_create"),
    path("prices/<id:pk>/edit/", views_prices.customer_price_edit, name="customer_price_edit"),
    path(
        "actions/<id:pk>/status/",
        views_steps.committed_action_update,
        name="committed_action_update",
    ),
]
