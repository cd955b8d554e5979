"""The manager's own tools: calendar, to-do list and the .ics export."""
