"""Every fact about the plan's chapters (DOMAIN.md), in one place: read by the page, the edit
forms, the checks, the history, the print and the version comparison."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from salesplan.converters import parse_id


class ChapterSlug(models.TextChoices):
    SUMMARY = "summary", _("Plan summary")
    PERFORMANCE = "performance", _("Performance analysis")
    MARKET = "market", _("Customer-market situation")
    SWOT = "swot", _("SWOT and problem analysis")
    TARGETS = "targets", _("Marketing targets and their breakdown")
    STRATEGIES = "strategies", _("Main strategies")
    ACTIONS = "actions", _("Action plan")
    PNL = "pnl", _("Projected profit and loss")
    ORGANISATION = "organisation", _("Organisation")
    CONTROL = "control", _("Control")


class TextPart(models.TextChoices):
    """The named free texts of the chapters (`ChapterText.part`)."""

    CONTRIBUTION_NOTES = "contribution_notes", _("Reading of the contribution analysis")
    COMPARISON_NOTES = "comparison_notes", _("Comparison with competitors (与竞争者比照)")
    MARKET_PUSH = "market_push", _("Market push (市场推)")
    MARKET_PULL = "market_pull", _("Market pull (市场拉)")
    DEPARTMENT_VALUE = "department_value", _("The department's value (部门价值)")
    FUNCTIONS = "functions", _("Functions (职能设计)")


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    title: Promise
    purpose: Promise
    built: bool  # False until the issue that fills this chapter has landed
    # Written by the manager, so the pre-submit check refuses it empty. Not the performance
    # analysis: it is computed from last period (a first-year region has none), and its
    # explanations are optional.
    written: bool = False

    @property
    def anchor(self) -> str:
        return f"chapter-{self.slug}"

    @property
    def template(self) -> str:
        return f"planning/chapters/_{self.slug}.html"

    @property
    def edit_url_name(self) -> str:
        """The URL name of the chapter's edit page (it takes the plan's pk); "" when the
        chapter is edited in the numbers instead."""
        return EDIT_URL_NAMES.get(self.slug, "")


EDIT_URL_NAMES = {
    "summary": "plan_summary_edit",
    "performance": "plan_performance_edit",
    "market": "plan_market_edit",
    "swot": "plan_swot_edit",
    "strategies": "plan_strategies_edit",
    "actions": "plan_actions_edit",
    "organisation": "plan_organisation_edit",
    "control": "plan_control_edit",
}


CHAPTERS: tuple[Chapter, ...] = (
    Chapter(
        1,
        ChapterSlug.SUMMARY,
        ChapterSlug.SUMMARY.label,
        _(
            "Let senior management grasp the core at once: the regional total target, the growth "
            "over last year and the major changes of marketing strategy, in a few words."
        ),
        True,
    ),
    Chapter(
        2,
        ChapterSlug.PERFORMANCE,
        ChapterSlug.PERFORMANCE.label,
        _(
            "Last period's targets against its actuals, by product and by customer: achievement, "
            "gaps and the manager's explanation."
        ),
        True,
    ),
    Chapter(
        3,
        ChapterSlug.MARKET,
        ChapterSlug.MARKET.label,
        _("Customer contribution analysis, competitor moves and comparison with competitors."),
        True,
        written=True,
    ),
    Chapter(
        4,
        ChapterSlug.SWOT,
        ChapterSlug.SWOT.label,
        _(
            "Strengths, weaknesses, opportunities and threats, and the concrete action directions "
            "that answer them."
        ),
        True,
        written=True,
    ),
    Chapter(
        5,
        ChapterSlug.TARGETS,
        ChapterSlug.TARGETS.label,
        _("The sales forecast by customer, product and month, and the collections plan."),
        True,
    ),
    Chapter(
        6,
        ChapterSlug.STRATEGIES,
        ChapterSlug.STRATEGIES.label,
        _("Customer strategy, competitive strategy, and market push and pull."),
        True,
        written=True,
    ),
    Chapter(
        7,
        ChapterSlug.ACTIONS,
        ChapterSlug.ACTIONS.label,
        _(
            "The regional market activity coordination plan: work, owner, support requested, "
            "budget, expected result and months."
        ),
        True,
        written=True,
    ),
    Chapter(
        8,
        ChapterSlug.PNL,
        ChapterSlug.PNL.label,
        _("Income and expenses per month, plan and actual, and the expected profit or loss."),
        True,
    ),
    Chapter(
        9,
        ChapterSlug.ORGANISATION,
        ChapterSlug.ORGANISATION.label,
        _(
            "The steps of building the marketing organisation, from the department's value to "
            "its management forms."
        ),
        True,
        written=True,
    ),
    Chapter(
        10,
        ChapterSlug.CONTROL,
        ChapterSlug.CONTROL.label,
        _("The means of effective control, each a commitment with a cadence and an owner."),
        True,
        written=True,
    ),
)

CHAPTERS_BY_SLUG = {chapter.slug: chapter for chapter in CHAPTERS}

# Which chapter each free text and each content model belongs to. Models are named, not
# imported: the models import this module for the chapters' slugs.
TEXT_PARTS: dict[str, tuple[str, ...]] = {
    ChapterSlug.MARKET: (TextPart.CONTRIBUTION_NOTES, TextPart.COMPARISON_NOTES),
    ChapterSlug.STRATEGIES: (TextPart.MARKET_PUSH, TextPart.MARKET_PULL),
    ChapterSlug.ORGANISATION: (TextPart.DEPARTMENT_VALUE, TextPart.FUNCTIONS),
}
CHAPTER_OF_TEXT = {part: slug for slug, parts in TEXT_PARTS.items() for part in parts}
CONTENT_MODELS = {
    "GapExplanation": ChapterSlug.PERFORMANCE,
    "SwotItem": ChapterSlug.SWOT,
    "ActionDirection": ChapterSlug.SWOT,
    "Activity": ChapterSlug.ACTIONS,
    "Position": ChapterSlug.ORGANISATION,
    "OrganisationEntry": ChapterSlug.ORGANISATION,
    "ControlCommitment": ChapterSlug.CONTROL,
}


def chapter_of_models() -> dict[type[models.Model], str]:
    """Each content model of the written chapters (a row per plan) → its chapter's slug."""
    return {apps.get_model("planning", name): slug for name, slug in CONTENT_MODELS.items()}


# The four SWOT lists in the order every surface shows them; an item's number is its place in
# its own list (S1, S2, W1, …), the way the action directions cite it.
SWOT_ORDER = "SWOT"


def swot_sort_key(item) -> tuple[int, int, int]:
    return (SWOT_ORDER.index(item.kind), item.order, item.pk)


def number_swot(items: Iterable) -> list:
    """The SWOT items in SWOT order, each given its number within its list."""
    ordered = sorted(items, key=swot_sort_key)
    counts: dict[str, int] = {}
    for item in ordered:
        counts[item.kind] = counts.get(item.kind, 0) + 1
        item._number = counts[item.kind]
    return ordered


# A gap of last period is explained per product or per customer; its explanation is named
# `product_<id>` / `customer_<id>` in the edit form and the chapter alike.
GAP_DIMENSIONS = ("product", "customer")


def gap_key(dimension: str, key) -> str:
    return f"{dimension}_{key}"


def gap_explanations(plan) -> dict[str, str]:
    """The plan's explanations by gap key."""
    return {
        gap_key("product", e.product_id) if e.product_id else gap_key("customer", e.customer_id): (
            e.text
        )
        for e in plan.gap_explanations.all()
    }


def gap_ids(values: dict, dimension: str) -> dict[int, str]:
    """The values of one dimension's gap keys, by the product's or customer's id."""
    prefix = gap_key(dimension, "")
    ids = {name: parse_id(name[len(prefix) :]) for name in values if name.startswith(prefix)}
    return {pk: values[name] for name, pk in ids.items() if pk is not None}


def control_catalogue(plan) -> list:
    """The means of control a plan can commit to: the active ones, and any it committed to
    before the means was retired (so that the commitment stays visible)."""
    committed = set(plan.control_commitments.values_list("means_id", flat=True))
    means = apps.get_model("planning", "ControlMeans")
    return [m for m in means.objects.all() if m.active or m.pk in committed]
