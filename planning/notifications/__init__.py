"""Notifications: in the app and by email, on the plan's events and the daily reminders."""
