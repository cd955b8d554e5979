"""What a plan says, as plain JSON that survives copying: chapter texts and figures.

Used for the snapshot taken at each submission and for comparing any two states of a plan (two
versions, or the last submission against the current draft). Content is found by introspection:
every planning model with a `plan` foreign key (except review and printing records) is plan
content; the chapter catalogue says which chapter a model's text belongs to.
"""

import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy

from customers.models import Product
from planning.chapters.catalogue import (
    CHAPTER_OF_TEXT,
    CHAPTERS,
    ChapterSlug,
    chapter_of_models,
    number_swot,
)
from planning.models import (
    Activity,
    ChapterText,
    CollectionPlan,
    Comment,
    ExpenseBudget,
    ExpenseLine,
    OpeningBalance,
    PackPart,
    Plan,
    PlanSnapshot,
    PlanTransition,
    SwotItem,
    Target,
)
from planning.versions import diffing
from salesplan.month_sets import MonthsField, describe_months

NOT_CONTENT = {Comment, PlanTransition, PlanSnapshot, PackPart}
TEXT_FIELDS = (models.CharField, models.TextField)
GRIDS = ("targets", "opening_balances", "collections", "expenses")
# The field names an activity's months had in snapshots from before they were a set of months.
OLD_START_MONTH, OLD_END_MONTH = gettext_lazy("start month"), gettext_lazy("end month")


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
        if isinstance(field, MonthsField):  # an activity's months: "月份: 三月–五月、九月"
            parts.append(f"{field.verbose_name}: {field.describe(getattr(row, field.name))}")
        elif isinstance(field, models.DecimalField) or (
            isinstance(field, models.PositiveSmallIntegerField) and field.name.endswith("month")
        ):
            parts.append(f"{field.verbose_name}: {getattr(row, field.name)}")
    return " · ".join(parts)


def _upgraded_texts(data: dict) -> dict[str, str]:
    """The chapter texts of a snapshot, an activity's months as today's content writes them: a
    snapshot from before an activity's months were a set of months says "start month: 3 · end
    month: 5" (in the site's language, as `content_of` writes), read as "months: Mar–May"."""
    texts = dict(data["texts"])
    actions = texts.get(ChapterSlug.ACTIONS, "")
    if not actions:
        return texts
    with translation.override(settings.LANGUAGE_CODE):
        start, end = re.escape(str(OLD_START_MONTH)), re.escape(str(OLD_END_MONTH))
        old = re.compile(rf"{start}: (\d+) · {end}: (\d+)")
        label = str(Activity._meta.get_field("month_bits").verbose_name)

        def months(match: re.Match) -> str:
            first, last = int(match.group(1)), int(match.group(2))
            return f"{label}: {describe_months(range(first, last + 1))}"

        texts[ChapterSlug.ACTIONS] = old.sub(months, actions)
    return texts


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
        cells[(row, month)] = Decimal(value)
    return cells


MEASURES = {"quantity": gettext_lazy("Quantity"), "amount": gettext_lazy("Amount")}


def row_labels(grid: str, rows) -> dict[str, str]:
    """Each compared row's label as people read it: "朗通 · Product B · Quantity", an expense
    line by its name (the stored keys hold product codes, line codes and field names)."""
    products = {product.code: product.display_name for product in Product.objects.all()}
    lines = {line.code: line.display_name for line in ExpenseLine.objects.all()}
    labels = {}
    for row in rows:
        parts = row.split("|")
        if grid == "expenses":
            parts[0] = lines.get(parts[0], parts[0])
        elif len(parts) > 1:
            parts[1] = products.get(parts[1], parts[1])
        if grid == "targets" and len(parts) == 3:
            parts[2] = str(MEASURES.get(parts[2], parts[2]))
        labels[row] = " · ".join(parts)
    return labels


def compare(old: dict, new: dict) -> Comparison:
    chapters = []
    old_texts, new_texts = _upgraded_texts(old), _upgraded_texts(new)
    for chapter in CHAPTERS:
        before = old_texts.get(chapter.slug, "")
        after = new_texts.get(chapter.slug, "")
        if not before and not after:
            continue
        chapters.append(ChapterDiff(chapter, diffing.word_diff(before, after), before != after))
    grids = [
        GridDiff(name, diffing.cell_diff(_cells(old, name), _cells(new, name))) for name in GRIDS
    ]
    return Comparison(chapters, grids)


def last_submitted(plan: Plan) -> PlanSnapshot | None:
    return plan.snapshots.order_by("-taken_at", "-pk").first()
