"""URLs of the competition app: a region's competitors and its worksheets for a period."""

from django.urls import path

import salesplan.converters  # noqa: F401 - registers <id:…>
from competition import views, views_worksheets

SHEET = "<slug:region_code>/<id:year>/"

urlpatterns = [
    path("", views.competition_home, name="competition_home"),
    path(SHEET, views.overview, name="competition_overview"),
    path(f"{SHEET}competitors/new/", views.competitor_create, name="competitor_create"),
    path(f"{SHEET}competitors/<id:pk>/", views.competitor_edit, name="competitor_edit"),
    path(f"{SHEET}moves/new/", views.move_create, name="competitor_move_create"),
    path(f"{SHEET}moves/<id:pk>/", views.move_edit, name="competitor_move_edit"),
    path(f"{SHEET}moves/<id:pk>/delete/", views.move_delete, name="competitor_move_delete"),
    path(
        f"{SHEET}position/<id:product_id>/",
        views_worksheets.position_edit,
        name="position_edit",
    ),
    path(
        f"{SHEET}positioning/<id:pk>/",
        views_worksheets.positioning_edit,
        name="positioning_edit",
    ),
    path(
        f"{SHEET}positioning/notes/",
        views_worksheets.positioning_notes_edit,
        name="positioning_notes_edit",
    ),
    path(f"{SHEET}strategies/new/", views_worksheets.strategy_create, name="strategy_create"),
    path(f"{SHEET}strategies/<id:pk>/", views_worksheets.strategy_edit, name="strategy_edit"),
    path(
        f"{SHEET}strategies/<id:pk>/delete/",
        views_worksheets.strategy_delete,
        name="strategy_delete",
    ),
]
