"""The explorer's graph: entities as nodes, claims as typed edges with their evidence.

`extract` reads it from the store, `views` cuts it down (ego graph, paths, suppliers),
`layout` sizes and places the nodes; `kg.render.html` draws it and `kg.exporters` write it.
"""
