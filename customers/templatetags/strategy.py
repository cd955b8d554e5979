"""Labels of the customer strategy in templates: {% load strategy %}."""

from django import template

from customers import scoring

register = template.Library()


@register.filter
def tier_name(tier):
    """一级 … 四级 in Chinese, "Tier 1" … "Tier 4" in English."""
    return scoring.tier_label(tier)


@register.filter
def class_name(energy):
    """A类 … D类 in Chinese, "Class A" … "Class D" in English."""
    return scoring.class_label(energy)


@register.filter
def grade_name(grade):
    """优 / 良 / 中 / 差 in Chinese, "Excellent" … "Poor" in English."""
    return scoring.grade_label(grade)


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
    """The left edge of the index-th entry of a chart legend: room for "Class A" and its dot
    (at 52 the English labels ran into the next dot)."""
    return int(index) * 62
