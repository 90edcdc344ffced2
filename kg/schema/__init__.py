"""The schema layer: the ontology files (ontology/*.ttl) and the closed namespace generated from
them (`kg.schema.vocab`). Every other layer names ontology terms through it; it imports nothing
of kg but `kg.errors`."""
