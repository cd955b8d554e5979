"""Date and time formats of each interface language (settings.FORMAT_MODULE_PATH)."""
