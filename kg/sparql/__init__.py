"""The SPARQL-protocol layer: remote endpoints (any SPARQL 1.1 server) read completely, `kg push`
into one, and `kg serve`, the read-only endpoint over the built store. It may import `kg.graph`
and the layers below it, nothing above."""
