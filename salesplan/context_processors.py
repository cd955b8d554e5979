"""Template context every page shares."""

from salesplan.working_period import working_year


def working_period(request) -> dict:
    """`working_year`: the year of the person's working plan, read only when a template asks
    (the navigation's customer link carries it)."""
    return {"working_year": lambda: working_year(request)}
