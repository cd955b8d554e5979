"""The headquarters roll-up: every region's figures, drill-downs and exports."""
