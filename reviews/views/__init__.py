"""Review pages: `assignment`, `scoring`, `ranking` (with decisions), `results` and
`appeals` (with the amendments' PDFs)."""
