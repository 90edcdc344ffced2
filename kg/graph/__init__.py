"""The graph layer: records to RDF (only ontology terms, deterministic), SHACL as SPARQL,
Turtle / N-Triples / JSON-LD, the embedded Oxigraph store, SPARQL over it (`kg.graph.query`,
with the named queries in kg/graph/queries/*.rq), counts and `kg check`. It may import
`kg.records` and `kg.schema`, nothing above."""
