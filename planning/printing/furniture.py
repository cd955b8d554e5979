"""The printed plan's page furniture: the 草稿 / DRAFT watermark of a plan not yet approved.

The watermark is the pages' background (an @page rule), not an element of the document: it is
drawn behind everything on every page, portrait or landscape, and a page rule can take it off
again, which the page numbers laid over a plan printed in parts need (page_numbers.py).
"""

import functools
from urllib.parse import quote

from django.utils.safestring import SafeString, mark_safe

from planning.models import Plan

# Bilingual in both languages, as the state reads on the cover: the reader of either print
# knows at a glance that the plan is not the approved one.
WATERMARK_TEXT = "草稿 / DRAFT"

# A square, so that the same diagonal fits a portrait and a landscape page (mm).
_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{size}mm" height="{size}mm"'
    ' viewBox="0 0 {size} {size}">'
    '<text x="{half}" y="{baseline}" transform="rotate(-45 {half} {half})" text-anchor="middle"'
    ' font-family="Noto Sans SC" font-weight="700" font-size="{font}" fill="#dde1e7">'
    "{text}</text></svg>"
)


def context(plan: Plan) -> dict:
    """The printed plan's template context for its furniture."""
    return {
        "watermark": WATERMARK_TEXT if shows_watermark(plan) else "",
        "watermark_css": watermark_css(),
    }


def shows_watermark(plan: Plan) -> bool:
    """Every plan prints as a draft until it is approved: draft, submitted and returned."""
    return plan.state != Plan.State.APPROVED


@functools.cache
def watermark_css() -> SafeString:
    """The page rule that draws the watermark behind every page of a document."""
    size, font = 170, 24
    svg = _SVG.format(
        size=size, half=size / 2, baseline=size / 2 + font * 0.35, font=font, text=WATERMARK_TEXT
    )
    url = "data:image/svg+xml," + quote(svg)
    return mark_safe(  # noqa: S308 - our own constant, percent-encoded
        f'@page {{ background: url("{url}") no-repeat center center; }}'
    )
