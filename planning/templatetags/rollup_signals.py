"""The roll-up's red / amber / green in templates: `planning.hq.signals.signal_of`, as a filter."""

from django import template

from planning.hq.signals import signal_of

register = template.Library()


@register.filter
def signal(value, band):
    """The signal of a percentage against a band (None: no colour)."""
    return signal_of(value, band)
