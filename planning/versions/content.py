"""What a plan says, as plain JSON that survives copying: chapter texts and figures.

Used for the snapshot taken at each submission and for comparing any two states of a plan (two
versions, or the last submission against the current draft). Content is found by introspection:
every planning model with a `plan` foreign key (except review and printing records) is plan
content; the chapter catalogue says which chapter a model's text belongs to.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from planning.chapters.catalogue import (
    CHAPTER_OF_TEXT,
    CHAPTERS,
    ChapterSlug,
    chapter_of_models,
    number_swot,
)
from planning.models import (
    ChapterText,
    CollectionPlan,
    Comment,
    ExpenseBudget,
    OpeningBalance,
    PackPart,
    Plan,
    PlanSnapshot,
    PlanTransition,
    SwotItem,
    Target,
)
from planning.versions import diffing

NOT_CONTENT = {Comment, PlanTransition, PlanSnapshot, PackPart}
TEXT_FIELDS = (models.CharField, models.TextField)
GRIDS = ("targets", "opening_balances", "collections", "expenses")


def content_models() -> list[type[models.Model]]:
    """Plan content models, each after the content models it points to."""
    found = [
        model
        for model in apps.get_app_config("planning").get_models()
        if model not in NOT_CONTENT
        and not hasattr(model, "history_id")  # simple-history's own tables
        and any(f.name == "plan" and f.related_model is Plan for f in model._meta.fields)
    ]
    ordered: list = []

    def visit(model, seen=()):
        if model in ordered:
            return
        for field in model._meta.fields:
            target = field.related_model if field.is_relation else None
            if target in found and target is not model and target not in seen:
                visit(target, (*seen, model))
        ordered.append(model)

    for model in found:
        visit(model)
    return ordered


def _text_of(row) -> str:
    parts = []
    for field in row._meta.fields:
        if field.name in ("plan",) or not isinstance(field, TEXT_FIELDS):
            continue
        value = getattr(row, field.name)
        if field.choices:
            value = getattr(row, f"get_{field.name}_display")()
        if value:
            parts.append(str(value))
    for field in row._meta.fields:
        if isinstance(field, models.DecimalField) or (
            isinstance(field, models.PositiveSmallIntegerField) and field.name.endswith("month")
        ):
            parts.append(f"{field.verbose_name}: {getattr(row, field.name)}")
    return " · ".join(parts)


def content_of(plan: Plan) -> dict:
    """Chapter texts and figures of a plan as plain JSON: {"texts": {...}, "cells": {...}}.

    Labels (a text part's name, a choice, a field's name) are written in the site's language
    whoever asks: a snapshot taken by a manager working in English and the plan read by a
    reviewer working in Chinese must not differ by their labels alone.
    """
    with translation.override(settings.LANGUAGE_CODE):
        return _content_of(plan)


def _content_of(plan: Plan) -> dict:
    texts: dict[str, list[str]] = defaultdict(list)
    if plan.strategy_changes:
        texts[ChapterSlug.SUMMARY].append(plan.strategy_changes)
    for part in ChapterText.objects.filter(plan=plan).order_by("part"):
        if part.text:
            texts[CHAPTER_OF_TEXT[part.part]].append(f"{part.get_part_display()}: {part.text}")
    for model, chapter in chapter_of_models().items():
        rows = model.objects.filter(plan=plan).order_by(
            *[name for name in ("kind", "pairing", "order") if hasattr(model, name)], "pk"
        )
        if model is SwotItem:  # in the chapter's order, named as it numbers them (S1, W2, …)
            texts[chapter].extend(f"{row.label} · {_text_of(row)}" for row in number_swot(rows))
            continue
        texts[chapter].extend(_text_of(row) for row in rows)
    cells: dict[str, dict[str, str]] = {name: {} for name in GRIDS}
    for customer, product, month, quantity, amount in Target.objects.filter(plan=plan).values_list(
        "customer__name", "product__code", "month", "quantity", "amount"
    ):
        cells["targets"][f"{customer}|{product}|quantity|{month}"] = str(quantity)
        cells["targets"][f"{customer}|{product}|amount|{month}"] = str(amount)
    for customer, product, month, amount in CollectionPlan.objects.filter(plan=plan).values_list(
        "customer__name", "product__code", "month", "amount"
    ):
        cells["collections"][f"{customer}|{product}|{month}"] = str(amount)
    for customer, month, amount in OpeningBalance.objects.filter(plan=plan).values_list(
        "customer__name", "month", "amount"
    ):
        cells["opening_balances"][f"{customer}|{month}"] = str(amount)
    for line, month, amount in ExpenseBudget.objects.filter(plan=plan).values_list(
        "line__code", "month", "amount"
    ):
        cells["expenses"][f"{line}|{month}"] = str(amount)
    return {"texts": {slug: "\n".join(lines) for slug, lines in texts.items()}, "cells": cells}


def snapshot(plan: Plan) -> PlanSnapshot:
    return PlanSnapshot.objects.create(plan=plan, data=content_of(plan))


@dataclass
class ChapterDiff:
    chapter: object
    pieces: list
    changed: bool


@dataclass
class GridDiff:
    name: str
    changes: list[diffing.CellChange]


@dataclass
class Comparison:
    chapters: list[ChapterDiff]
    grids: list[GridDiff]

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.chapters) or any(g.changes for g in self.grids)


def _cells(data: dict, grid: str) -> dict[tuple[str, str], Decimal]:
    """(row, month) → value; the row is everything of the key before the month."""
    stored = data["cells"]
    if "opening_balances" not in stored:
        # A snapshot from before the opening balances had their own grid: the collections
        # plan's month 0 was each customer's opening balance, not aged.
        collections = stored.get("collections", {})
        stored = {
            **stored,
            "collections": {k: v for k, v in collections.items() if not k.endswith("|0")},
            "opening_balances": {k: v for k, v in collections.items() if k.endswith("|0")},
        }
    cells = {}
    for key, value in stored.get(grid, {}).items():
        row, _sep, month = key.rpartition("|")
        cells[(row.replace("|", " · "), month)] = Decimal(value)
    return cells


def compare(old: dict, new: dict) -> Comparison:
    chapters = []
    for chapter in CHAPTERS:
        before = old["texts"].get(chapter.slug, "")
        after = new["texts"].get(chapter.slug, "")
        if not before and not after:
            continue
        chapters.append(ChapterDiff(chapter, diffing.word_diff(before, after), before != after))
    grids = [
        GridDiff(name, diffing.cell_diff(_cells(old, name), _cells(new, name))) for name in GRIDS
    ]
    return Comparison(chapters, grids)


def last_submitted(plan: Plan) -> PlanSnapshot | None:
    return plan.snapshots.order_by("-taken_at", "-pk").first()
