"""The analysis layer: the networkx projection of the built graph (`network`, `projection`) and
the operations on it, each returning an `Answer` of rows with evidence (suppliers, customers,
financing, restrictions, findings, reach, paths, profiles, rankings, audit), with names
resolved and dates read in one place each (`resolve`, `when`). It may import `kg.sparql`,
`kg.graph` and the layers below, nothing above (no rendering, no CLI)."""
