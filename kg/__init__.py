"""survkg: a sourced knowledge graph of the surveillance-technology supply chain.

The packages are layers, in the order data flows; each imports only the layers above it in this
list (tests/test_layers.py checks it):

    kg.errors, kg.settings   the one error type (path:line) and environment-driven settings
    kg.schema                the ontology and the closed namespace generated from it
    kg.records               data/**/*.yaml read strictly, the pydantic contract, record checks
    kg.importers             upstream datasets -> data/imported/*.jsonl
    kg.graph                 records -> RDF, SHACL, serialisations, the store, SPARQL, kg check
    kg.sparql                remote endpoints, kg push, kg serve
    kg.analysis              the networkx projection and the operations that answer questions
    kg.ask                   plain-language questions -> the analysis operations
    kg.render, kg.explore,   terminal tables / CSV / JSON; the offline HTML explorer;
    kg.exporters             GraphML, GEXF, CSV, RDF files
    kg.build, kg.backend,    the build pipeline (every layer in turn), the store or endpoint a
    kg.cli                   command reads, and the `kg` command (the only package using click)
"""
