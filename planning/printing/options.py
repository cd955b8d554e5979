"""What a printed plan holds: one options object, read from the print dialog, the pack's order
form, the query string of a PDF link and the `render_plan` / `render_pack` commands alike.

The options combine freely: the language, the review comments, the annex (the customer ×
product × month tables), any subset of the chapter catalogue (default: every chapter) and the
unit of the amounts (元 with cents, or 万元 with one place, the HQ roll-up's switch).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext_lazy

from planning.chapters.catalogue import CHAPTERS

YUAN, WAN = "yuan", "wan"
# The same words as the roll-up's switch (planning/hq/views.py UNITS).
UNITS = ((YUAN, gettext_lazy("yuan (元)")), (WAN, gettext_lazy("10,000 yuan (万元)")))
CHAPTER_SLUGS = tuple(str(chapter.slug) for chapter in CHAPTERS)


def languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


@dataclass(frozen=True)
class PrintOptions:
    language: str = field(default_factory=lambda: settings.LANGUAGE_CODE)
    comments: bool = False
    annex: bool = False
    # The chosen chapters' slugs in the catalogue's order; every chapter when none is chosen.
    chapters: tuple[str, ...] = CHAPTER_SLUGS
    unit: str = YUAN

    def __post_init__(self):
        if self.language not in languages():
            raise ValueError(f"unknown language {self.language!r}")
        if self.unit not in dict(UNITS):
            raise ValueError(f"unknown unit {self.unit!r}")
        unknown = set(self.chapters) - set(CHAPTER_SLUGS)
        if unknown:
            raise ValueError(f"unknown chapters {sorted(unknown)!r}")
        # Catalogue order, each once; none chosen means all.
        ordered = tuple(slug for slug in CHAPTER_SLUGS if slug in self.chapters)
        object.__setattr__(self, "chapters", ordered or CHAPTER_SLUGS)

    @classmethod
    def of(
        cls,
        *,
        language: str | None = None,
        comments: bool = False,
        annex: bool = False,
        chapters: Iterable[str] = (),
        unit: str = YUAN,
    ) -> "PrintOptions":
        return cls(
            language=language or settings.LANGUAGE_CODE,
            comments=bool(comments),
            annex=bool(annex),
            chapters=tuple(chapters),
            unit=unit,
        )

    @classmethod
    def legacy(cls, *, language=None, comments=False, detail=False) -> "PrintOptions":
        """The options of the printing functions' older keywords: every chapter, in yuan."""
        return cls.of(language=language, comments=comments, annex=detail)

    @property
    def all_chapters(self) -> bool:
        return self.chapters == CHAPTER_SLUGS

    def as_data(self) -> dict:
        """The options as JSON-ready data (a background task's argument)."""
        return {
            "language": self.language,
            "comments": self.comments,
            "annex": self.annex,
            "chapters": list(self.chapters),
            "unit": self.unit,
        }

    @classmethod
    def from_data(cls, data: Mapping | None) -> "PrintOptions":
        return cls.of(**(data or {}))

    def query(self) -> str:
        """The query string of the PDF link that prints these options (views.plan_pdf)."""
        params: list[tuple[str, str]] = [("lang", self.language)]
        if self.comments:
            params.append(("comments", "1"))
        if self.annex:
            params.append(("detail", "1"))
        if not self.all_chapters:
            params += [("chapter", slug) for slug in self.chapters]
        if self.unit != YUAN:
            params.append(("unit", self.unit))
        return urlencode(params)


def add_arguments(parser) -> None:
    """The print options as a command's flags (`render_plan`, `render_pack`)."""
    parser.add_argument("--language", default=settings.LANGUAGE_CODE, choices=languages())
    parser.add_argument("--comments", action="store_true", help="append the review comments")
    parser.add_argument(
        "--annex",
        "--detail",
        dest="annex",
        action="store_true",
        help="append the annex: targets by customer × product × month, collections by month",
    )
    parser.add_argument(
        "--chapter",
        dest="chapters",
        action="append",
        default=[],
        choices=CHAPTER_SLUGS,
        help="print this chapter (repeat for more; default: every chapter)",
    )
    parser.add_argument(
        "--unit", default=YUAN, choices=dict(UNITS), help="amounts in yuan or in 10,000 yuan"
    )


def options_of(arguments: Mapping) -> PrintOptions:
    """The print options of a command's parsed flags (add_arguments)."""
    return PrintOptions.of(
        language=arguments["language"],
        comments=arguments["comments"],
        annex=arguments["annex"],
        chapters=arguments["chapters"],
        unit=arguments["unit"],
    )
