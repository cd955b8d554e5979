"""Demo content for seed_demo: the chapters' texts of each demo region."""
