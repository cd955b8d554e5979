"""Demo content for seed_demo: each demo region's chapter texts and figures."""
