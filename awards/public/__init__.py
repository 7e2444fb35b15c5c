"""Funded projects in public: the list with its province map, each project's page, and the
open data (downloads, data dictionary, DCAT-AP catalogue). Everything reads
`reviews.queries.funded_projects()`; status and outcomes come from `queries.project_facts`."""
