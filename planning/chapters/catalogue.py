"""The plan's chapters in the deck's order (DOMAIN.md), shared by the editor and the print."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


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


@dataclass(frozen=True)
class Chapter:
    number: int
    slug: str
    title: Promise
    purpose: Promise
    built: bool  # False until the issue that fills this chapter has landed

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
    ),
    Chapter(
        10,
        ChapterSlug.CONTROL,
        ChapterSlug.CONTROL.label,
        _("The means of effective control, each a commitment with a cadence and an owner."),
        True,
    ),
)

CHAPTERS_BY_SLUG = {chapter.slug: chapter for chapter in CHAPTERS}
