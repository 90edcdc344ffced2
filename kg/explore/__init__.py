"""The explorer layer: the offline HTML explorer of the graph, entities as nodes and claims as
typed edges with their evidence. `extract` reads it from the projection, `views` cuts it down
(ego graph, paths, suppliers), `layout` sizes and places the nodes, `html` and `html_data`
draw the page from templates/, and `page` writes it (`reuse`: the previous build's page, when
nothing it was drawn from changed). `kg.exporters` reuse the graph. It may
import `kg.analysis` and the layers below."""
