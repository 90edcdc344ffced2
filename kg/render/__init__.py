"""Renderers for query results, listed once: `FORMATS` backs every `--format` option."""
from kg.render.tabular import render_csv, render_json, render_table, render_tsv

FORMATS = {"table": render_table, "csv": render_csv, "tsv": render_tsv, "json": render_json}
