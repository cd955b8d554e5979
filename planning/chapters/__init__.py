"""The plan's written chapters: the catalogue, their content, charts, forms, services and views."""
