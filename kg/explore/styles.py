"""How the explorer (and the GEXF export) draws each kind of node and link: one table each."""

# node kind (kg.analysis.network) -> (legend name, vis-network shape, colour)
NODE_STYLE = {
    "company": ("Company (vendor, integrator)", "dot", "#d1495b"),
    "agency": ("Government agency", "square", "#2e86ab"),
    "lender": ("Lender", "diamond", "#3a9d5d"),
    "listed-party": ("Listed party (kind not stated)", "dot", "#9a8c98"),
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

# A supply link's colour: how many independent publishers back its vendor-country pair
# (kg.analysis.backing); the last entry stands for that many or more.
BACKING_COLORS = ((1, "1 independent source", "#f19aa5"),
                  (2, "2 independent sources", "#d1495b"),
                  (3, "3 or more independent sources", "#6e0f22"))
# A supply link's line: its pair's strongest claim's strength -> (vis-network dashes, CSS
# border style of the legend's sample). What is reported is solid; what only suggests a sale
# (an index listing, a detection, a licence with no supplier) is broken.
STRENGTH_LINES = {"reported-sale": (False, "solid"), "reported-use": (False, "solid"),
                  "export-licence": ([2, 5], "dotted"), "detected": ([2, 5], "dotted"),
                  "index-listing": ([9, 6], "dashed")}
UNRECORDED_LINE = ([2, 5], "dotted")  # no strength recorded: never drawn as if reported


def backing_color(publishers: int) -> str:
    """Return the colour of a supply link backed by `publishers` independent publishers."""
    return next((c for n, _, c in reversed(BACKING_COLORS) if publishers >= n),
                BACKING_COLORS[0][2])
