"""Lists joined as the interface's language joins them: 一月、二月 or "Jan, Feb"."""

from django.utils.translation import pgettext


def join_list(items) -> str:
    """The items' texts joined by the language's list separator (、 or ", ")."""
    return pgettext("between the items of a list", ", ").join(str(item) for item in items)
