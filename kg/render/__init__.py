"""The rendering layer: query results and answers as terminal tables, CSV, TSV and JSON. Pure
functions listed once: `FORMATS` backs `kg query --format`, `kg.render.answers.ANSWER_FORMATS`
the analysis commands'. It may import `kg.analysis` and the layers below, never the CLI."""
FORMAT_NAMES = ("table", "csv", "tsv", "json")


def __getattr__(name: str):
    # FORMATS is made on first use: its renderers read rdflib terms, and `kg ask` or
    # `kg --version` (which import this package) should not pay for importing rdflib.
    if name == "FORMATS":
        from kg.render.tabular import render_csv, render_json, render_table, render_tsv

        formats = dict(zip(FORMAT_NAMES, (render_table, render_csv, render_tsv, render_json)))
        globals()["FORMATS"] = formats
        return formats
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
