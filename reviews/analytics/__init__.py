"""Analytics for officers and the committee: a call's numbers, and the calls a person may see
taken together, drawn as SVG on the server.

- `data`: what a chart is made of (a Dataset: rows and series), and its CSV;
- `queries`: one function per chart, every number counted or summed in the database;
- `charts`: the SVG geometry of a Dataset (bars, stacked bars, a line);
- `scope`: which calls a person may see here, and the page's filters;
- `views`, `urls`, `panels`: the pages, their CSV downloads, and the links to them.

One function makes each Dataset; the chart, the table under it and the CSV all read it.
"""
