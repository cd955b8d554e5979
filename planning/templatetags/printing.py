"""The printed documents' page furniture (templates/pdf/base.html)."""

from django import template
from django.utils.safestring import mark_safe

from planning.printing import page_numbers

register = template.Library()


@register.simple_tag
def page_footer_style(pages_total=None) -> str:
    """The footer's page rules, "第 3 页 / 共 28 页" or "Page 3 of 28": `pages_total` the whole's
    pages when a document is printed in pieces (a review pack), else its own."""
    return mark_safe(page_numbers.footer_style(pages_total or None))  # noqa: S308 - our own CSS
