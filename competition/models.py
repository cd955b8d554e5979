"""Competitors and their worksheets (filled by the competitive-strategy issue)."""
