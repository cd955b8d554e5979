"""URLs of the customers app: the customer strategy (included at /customers/)."""

from django.urls import path

from customers import views, views_steps

urlpatterns = [
    path("", views.customer_home, name="customer_home"),
    path("energy-classes/", views.energy_class_table, name="energy_class_table"),
    path("regions/<int:pk>/", views.customer_list, name="customer_list"),
    path("regions/<int:pk>/new/", views.customer_create, name="customer_create"),
    path("regions/<int:pk>/matrix/", views.customer_matrix, name="customer_matrix"),
    path("regions/<int:pk>/funnel/", views.customer_funnel, name="customer_funnel"),
    path("<int:pk>/", views_steps.customer_detail, name="customer_detail"),
    path("<int:pk>/edit/", views.customer_edit, name="customer_edit"),
    path("<int:pk>/assessment/", views_steps.customer_assess, name="customer_assess"),
    path("<int:pk>/energy/", views_steps.customer_energy, name="customer_energy"),
    path("<int:pk>/actions/", views_steps.customer_action_commit, name="customer_action_commit"),
    path(
        "actions/<int:pk>/status/",
        views_steps.committed_action_update,
        name="committed_action_update",
    ),
]
