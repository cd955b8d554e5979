"""The plan's figures: grids and their one write path, fill tools, roll-ups, reports, views."""
