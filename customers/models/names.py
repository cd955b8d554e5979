"""Names kept in Chinese and, where given, in English."""

from django.utils.translation import get_language


class LocalizedNameMixin:
    """Chinese name first; the English name in the English interface when there is one."""

    @property
    def display_name(self) -> str:
        language = get_language() or ""
        if language.startswith("en") and getattr(self, "name_en", ""):
            return self.name_en
        return self.name
