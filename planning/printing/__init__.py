"""The printed plan and review packs: the document, rendering, parts and packs."""
