"""The rendering layer: query results and answers as terminal tables, CSV, TSV and JSON. Pure
functions listed once: `FORMATS` backs `kg query --format`, `kg.render.answers.ANSWER_FORMATS`
the analysis commands'. It may import `kg.analysis` and the layers below, never the CLI."""
from kg.render.tabular import render_csv, render_json, render_table, render_tsv

FORMATS = {"table": render_table, "csv": render_csv, "tsv": render_tsv, "json": render_json}
