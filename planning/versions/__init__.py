"""The half-year revision and comparing versions of a plan."""
