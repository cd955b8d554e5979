"""Labels of the customer strategy in templates: {% load strategy %}."""

from django import template

register = template.Library()

TIER_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}


@register.filter
def tier_name(tier):
    """一级 … 四级 — the deck's own labels, the same in both languages."""
    return TIER_NAMES.get(tier, "—")


@register.filter
def verdict_class(grade):
    """A CSS class for the funnel's health verdict."""
    return {"优": "excellent", "良": "good", "中": "fair", "差": "poor"}.get(grade, "none")


@register.filter
def axis_rows(form, axis):
    """(factor, bound field) pairs of one axis of an assessment form."""
    return form.rows(axis)


@register.filter
def legend_x(index):
    """The left edge of the index-th entry of a chart legend."""
    return int(index) * 52
