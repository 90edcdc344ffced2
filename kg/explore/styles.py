"""How the explorer (and the GEXF export) draws each kind of node and link: one table each."""

# node kind (kg.analysis.network) -> (legend name, vis-network shape, colour)
NODE_STYLE = {
    "company": ("Company (vendor, integrator)", "dot", "#d1495b"),
    "agency": ("Government agency", "square", "#2e86ab"),
    "lender": ("Lender", "diamond", "#3a9d5d"),
    "standards-body": ("Standards body", "triangle", "#7b5ea7"),
    "study-group": ("Study group", "triangleDown", "#a58fcb"),
    "question": ("Question (standards)", "triangleDown", "#c9b8e6"),
    "org": ("Organisation", "dot", "#e07a5f"),
    "country": ("Country", "hexagon", "#8d99ae"),
    "initiative": ("Initiative", "star", "#f28f3b"),
    "deal": ("Deal (claim)", "square", "#e9c46a"),
    "restriction": ("Restriction (claim)", "triangleDown", "#444444"),
    "proposal": ("Standards proposal (claim)", "triangle", "#cdb4db"),
    "standard": ("Standard", "square", "#8c6a4f"),
    "unknown": ("Other", "dot", "#bbbbbb"),
}
# link kind (kg.analysis.network) -> (legend name, colour)
LINK_STYLE = {
    "supply": ("supply", "#d1495b"), "financing": ("financing", "#3a9d5d"),
    "membership": ("membership", "#f28f3b"), "restriction": ("restriction", "#222222"),
    "proposal": ("standards proposal", "#7b5ea7"), "standards": ("standards", "#b39b82"),
    "ownership": ("ownership, part of", "#8c6a4f"), "home": ("home country", "#c0c6cf"),
}
HIGHLIGHT = "#ffb000"
RESTRICTED_BORDER = "#111111"
