"""Review pages: `assignment`, `scoring`, `ranking` (with decisions) and `results`."""
