"""kg.build: the artifacts of a build, their determinism, and builds that fail leaving no trace."""
from __future__ import annotations

import json
from decimal import Decimal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import XSD, Graph, Literal, URIRef

import kg.build
import kg.graph.shacl
from kg.build import build
from kg.errors import KGError, KGErrors
from kg.schema.ontology import ID_URI, SHAPES_TTL
from kg.graph.store import open_graph
from kg.schema.vocab import SK

from conftest import (FIXTURES, INVALID_DIR, MINIMAL_DATA, ROOT, graph_difference, records_graph,
                      snapshot)

# The files every build must write; a build may write more (all files are compared for bytes).
ARTIFACTS = ("survkg.ttl", "survkg.nt", "survkg.jsonld", "manifest.json")
CASES = sorted(p.name for p in INVALID_DIR.iterdir() if p.is_dir())


def iri(path: str) -> URIRef:
    return URIRef(ID_URI + path)


def parsed(build_dir: Path, name: str) -> Graph:
    fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[name.rsplit(".", 1)[1]]
    return Graph().parse(build_dir / name, format=fmt)


# --- what a build writes ----------------------------------------------------------------------

def test_manifest_counts_the_minimal_fixture(minimal_build):
    manifest = json.loads((minimal_build / "manifest.json").read_text())
    triples = len((minimal_build / "survkg.nt").read_text().splitlines())
    # 4 sources + 10 organisations + 1 initiative + 11 claims + 1 gap
    assert manifest == {"records": 27, "claims": 11, "sources": 4, "triples": triples}


def test_build_folder_holds_the_artifacts_and_the_store_only(minimal_build):
    assert_clean_build_folder(minimal_build)


def assert_clean_build_folder(build_dir: Path) -> None:
    """The store, the artifacts, the cache of validated records, and nothing hidden (no
    staging folder, no old store)."""
    names = {p.name for p in build_dir.iterdir()}
    assert {"store", "cache", *ARTIFACTS} <= names
    assert not [n for n in names if n.startswith(".")]
    assert all((build_dir / n).is_file() for n in names - {"store", "cache"})


def test_turtle_ntriples_jsonld_and_store_are_the_same_graph(minimal_build):
    turtle = parsed(minimal_build, "survkg.ttl")
    for other in (parsed(minimal_build, "survkg.nt"), parsed(minimal_build, "survkg.jsonld")):
        assert not graph_difference(turtle, other, "survkg.ttl", "the other file")
    stored = Graph()
    for triple in open_graph(minimal_build).triples((None, None, None)):
        stored.add(triple)
    assert not graph_difference(canonical(turtle), canonical(stored), "survkg.ttl", "the store")


def canonical(graph: Graph) -> Graph:
    """The graph with literals as Oxigraph stores them: an xsd:string literal is a plain literal
    (the same term in RDF 1.1; rdflib tells them apart) and a decimal has XSD 1.1's canonical
    form ("170000000", where Turtle needs "170000000.0")."""
    result = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        elif isinstance(o, Literal) and o.datatype == XSD.decimal:
            text = format(o.toPython(), "f")
            o = Literal(text.rstrip("0").rstrip(".") if "." in text else text,
                        datatype=XSD.decimal)
        result.add((s, p, o))
    return result


def test_minimal_graph_matches_the_golden_file(minimal_build, golden):
    """The records' triples (the build minus the ontology) as tests/golden/minimal.ttl."""
    graph = records_graph(minimal_build)
    assert len(graph) < len(parsed(minimal_build, "survkg.ttl"))
    golden.check_graph("minimal.ttl", graph)


def test_build_derives_shortcut_edges_from_claims(minimal_build):
    graph = open_graph(minimal_build)
    pairs = lambda p: {(s, o) for s, o in graph.subject_objects(p)}
    kenya = iri("country/KEN")
    # the deal's supplier and contractor, and the supply's supplier: one edge each way
    assert pairs(SK.supplies) == {(iri("org/acme-vision"), kenya), (iri("org/globex"), kenya)}
    assert pairs(SK.memberOf) == {(kenya, iri("initiative/example-initiative"))}
    assert pairs(SK.restrictedBy) == {(iri("org/acme-vision"), SK.EntityList)}


def test_claims_without_a_label_get_one_built_from_their_parts(minimal_build):
    graph = open_graph(minimal_build)
    labels = {str(graph.value(iri(path), URIRef("http://www.w3.org/2000/01/rdf-schema#label")))
              for path in (
                  "supply/acme-supplies-ken", "financing/example-bank-ken-safe-city",
                  "membership/ken-in-example-initiative",
                  "restriction/example-list-acme-vision-2021",
                  "ownership/acme-holdings-owns-acme-vision",
                  "finding/acme-vision-country-count", "observation/ken-regime-type-2022",
                  "techuse/ken-uses-facial-recognition")}
    assert labels == {
        "Acme Vision supplies Kenya", "Example Development Bank finances Kenya",
        "Kenya in Example Initiative", "Acme Vision on BIS Entity List",
        "Acme Holdings owns Acme Vision", "countries supplied with surveillance technology: 63 count",
        "Kenya: regime type = electoral autocracy", "Kenya uses facial-recognition",
    }


def test_decimals_have_one_lexical_form_in_every_file(minimal_build):
    forms = {name: sorted(str(o) for o in parsed(minimal_build, name).objects(None, SK.amount))
             for name in ("survkg.ttl", "survkg.nt", "survkg.jsonld")}
    assert set(map(tuple, forms.values())) == {("150000000.5", "170000000.0")}
    stored = sorted(o.toPython() for o in open_graph(minimal_build).objects(None, SK.amount))
    assert stored == [Decimal("150000000.5"), Decimal("170000000")]


def test_a_record_id_that_looks_like_a_country_code_stays_a_record(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "r.yaml").write_text("""\
sources: [{id: s, title: S, kind: dataset}]
organizations: [{id: arm, label: Arm, kind: company}]
findings:
  - {id: arm-count, measure: licensees, value: 3, unit: count, subject: arm,
     evidence: [{source: s, row: vendor=Arm}]}
  - {id: armenia-count, measure: vendors, value: 2, unit: count, subject: ARM,
     evidence: [{source: s, row: country=Armenia}]}
""")
    build(data, tmp_path / "build")
    graph = open_graph(tmp_path / "build")
    assert graph.value(iri("finding/arm-count"), SK.subject) == iri("org/arm")
    assert graph.value(iri("finding/armenia-count"), SK.subject) == iri("country/ARM")


# --- determinism ----------------------------------------------------------------------------

def artifact_bytes(build_dir: Path) -> dict[str, bytes]:
    """Every file the build wrote (the store's internal files are not artifacts)."""
    return {p.name: p.read_bytes() for p in sorted(build_dir.iterdir()) if p.is_file()}


def test_building_twice_gives_identical_bytes(tmp_path, minimal_build):
    build(MINIMAL_DATA, tmp_path / "a")
    first = artifact_bytes(tmp_path / "a")
    build(MINIMAL_DATA, tmp_path / "a")  # over the previous build
    assert artifact_bytes(tmp_path / "a") == first == artifact_bytes(minimal_build)


def test_builds_in_processes_with_different_hash_seeds_give_identical_bytes(tmp_path):
    outputs = {}
    for seed in ("1", "2"):
        out = tmp_path / f"seed-{seed}"
        subprocess.run(
            [sys.executable, "-c", "import sys; from kg.build import build; "
                                   "build(sys.argv[1], sys.argv[2])", str(MINIMAL_DATA), str(out)],
            check=True, cwd=tmp_path, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs[seed] = artifact_bytes(out)
    assert set(outputs["1"]) >= set(ARTIFACTS)
    for name in outputs["1"]:
        assert outputs["1"][name] == outputs["2"][name], name


# --- no claim without evidence, proved on the built graph ------------------------------------

UNSOURCED_CLAIMS = """
PREFIX sk: <https://w3id.org/survkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim WHERE {
  ?claim a/rdfs:subClassOf* sk:Claim .
  MINUS { ?claim sk:evidence/sk:source ?source . ?source a sk:Source }
}"""
# sk:Standard records need evidence too (kg.records.models.Standard is a Claim) but the ontology does
# not make sk:Standard a sk:Claim; every evidence node is checked as well.
UNSOURCED_EVIDENCE = """
PREFIX sk: <https://w3id.org/survkg/ontology#>
SELECT ?holder WHERE {
  { ?holder sk:evidence ?evidence } UNION { ?holder a sk:Standard }
  MINUS { ?holder sk:evidence/sk:source ?source . ?source a sk:Source }
}"""
COUNT_CLAIMS = """
PREFIX sk: <https://w3id.org/survkg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT (COUNT(DISTINCT ?claim) AS ?n) WHERE { ?claim a/rdfs:subClassOf* sk:Claim }"""


def unsourced(graph: Graph) -> list[str]:
    rows = [str(r[0]) for q in (UNSOURCED_CLAIMS, UNSOURCED_EVIDENCE) for r in graph.query(q)]
    return sorted(set(rows))


def claim_count(graph: Graph) -> int:
    return int(next(iter(graph.query(COUNT_CLAIMS)))[0])


def test_no_claim_lacks_evidence_with_a_source_in_the_minimal_build(minimal_build):
    graph = open_graph(minimal_build)
    assert claim_count(graph) == 10  # the 11 claims but the standard, which is no sk:Claim
    assert unsourced(graph) == []


def test_the_unsourced_claims_query_finds_what_it_should(minimal_build):
    """The queries are not vacuous: break the minimal graph three ways and they notice each."""
    graph = parsed(minimal_build, "survkg.nt")
    deal, standard = iri("deal/ken-safe-city-2019"), iri("standard/example-standard-x1")
    graph.remove((deal, SK.evidence, None))
    graph.remove((standard, SK.evidence, None))
    graph.remove((iri("source/example-2021-rule"), None, None))  # cited, no longer a source
    assert unsourced(graph) == sorted(
        [str(deal), str(iri("restriction/example-list-acme-vision-2021")), str(standard)])


def test_no_claim_lacks_evidence_with_a_source_in_the_real_data(tmp_path):
    out = tmp_path / "build"
    summary = build(ROOT / "data", out)
    # On Oxigraph's own engine: through rdflib's, the property path takes minutes at the real
    # data's size (170k triples). MINUS, not FILTER NOT EXISTS: the same answer here (the
    # subpattern shares ?claim), evaluated once instead of once per claim.
    store = ox.Store.read_only(str(out / "store"))
    rows = {row[0].value for q in (UNSOURCED_CLAIMS, UNSOURCED_EVIDENCE) for row in store.query(q)}
    assert sorted(rows) == []
    count = next(iter(store.query(COUNT_CLAIMS)))[0]
    assert 0 < int(count.value) <= summary.claims


# --- a failed build changes nothing ---------------------------------------------------------

@pytest.fixture
def previous_build(tmp_path, minimal_build) -> Path:
    """A build folder holding a complete earlier build."""
    out = tmp_path / "build"
    shutil.copytree(minimal_build, out)
    return out


@pytest.mark.parametrize("case", CASES)
def test_a_build_of_invalid_data_leaves_the_previous_build_untouched(case, previous_build,
                                                                        monkeypatch):
    before = snapshot(previous_build)
    monkeypatch.chdir(INVALID_DIR / case)
    with pytest.raises(KGErrors) as caught:
        build("data", previous_build)
    assert str(caught.value) == (INVALID_DIR / case / "expected.txt").read_text().rstrip("\n")
    assert snapshot(previous_build) == before


def test_a_build_of_invalid_data_creates_no_build_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(INVALID_DIR / "duplicate-key")
    with pytest.raises(KGErrors):
        build("data", tmp_path / "new" / "build")
    assert not (tmp_path / "new").exists()


def test_a_build_failing_shacl_leaves_the_previous_build_untouched(previous_build, tmp_path,
                                                                   monkeypatch):
    # Valid records always satisfy shapes.ttl; a stricter copy (every source needs a URL) makes
    # the minimal fixture fail SHACL the way a gap between the models and the shapes would.
    stricter = tmp_path / "shapes.ttl"
    stricter.write_text(SHAPES_TTL.read_text() + """
sks:SourceUrlShape a sh:NodeShape ;
    sh:targetClass sk:Source ;
    sh:property [ sh:path sk:url ; sh:minCount 1 ; sh:message "A source needs a URL." ] .
""")
    monkeypatch.setattr(kg.graph.shacl, "SHAPES_TTL", stricter)
    before = snapshot(previous_build)
    with pytest.raises(KGErrors) as caught:
        build(MINIMAL_DATA, previous_build)
    assert str(caught.value).splitlines() == [
        f"<{ID_URI}source/{name}>: sk:url A source needs a URL. [shape sks:SourceUrlShape]"
        for name in ("example-2021-rule", "example-index-2019")
    ]
    assert snapshot(previous_build) == before


def test_a_build_failing_while_writing_leaves_the_previous_build_untouched(previous_build,
                                                                           monkeypatch):
    def broken_store(nt_path, store_dir, previous):
        assert Path(nt_path).exists()  # the artifacts were being written in staging
        raise KGError("disk full")

    monkeypatch.setattr(kg.build, "make_store", broken_store)
    before = snapshot(previous_build)
    with pytest.raises(KGError, match="disk full"):
        build(MINIMAL_DATA, previous_build)
    assert snapshot(previous_build) == before


def test_a_build_failing_while_writing_turtle_leaves_the_previous_build_untouched(
        previous_build, monkeypatch):
    """Turtle and JSON-LD are written by a forked child: its failure is the build's."""
    def broken_turtle(lines, path):
        Path(path).write_text("half a file")
        raise KGError("disk full")

    monkeypatch.setattr(kg.build, "write_turtle", broken_turtle)
    before = snapshot(previous_build)
    with pytest.raises(KGError, match="^writing Turtle and JSON-LD failed: disk full$"):
        build(MINIMAL_DATA, previous_build)
    assert snapshot(previous_build) == before


def test_a_build_failing_while_writing_the_explorer_leaves_the_previous_build_untouched(
        previous_build, monkeypatch):
    """The explorer is written by the build's helper, after Turtle and JSON-LD: its failure is
    the build's, named as this piece."""
    def broken_explorer(staging, previous=None):
        (Path(staging) / "survkg.html").write_text("half a page")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(kg.build, "write_explorer", broken_explorer)
    before = snapshot(previous_build)
    with pytest.raises(KGError, match="^writing the explorer failed: "
                                      r"\[Errno 28\] No space left on device$"):
        build(MINIMAL_DATA, previous_build)
    assert snapshot(previous_build) == before


def test_a_successful_rebuild_leaves_no_staging_or_old_store_behind(previous_build, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, data)
    gaps = data / "gaps.yaml"
    gaps.write_text(gaps.read_text().replace("2024-01", "2024-02"))
    build(data, previous_build)
    assert_clean_build_folder(previous_build)
    graph = open_graph(previous_build)
    assert str(graph.value(iri("gap/ken-safe-city-lender-terms"),
                           URIRef("http://purl.org/dc/terms/date"))) == "2024-02"


def test_line_and_paragraph_separators_in_a_quote_survive_the_store(tmp_path):
    # rdflib writes U+2028/U+2029 raw in N-Triples, which Oxigraph rejects; the build escapes them.
    import shutil

    from kg.build import build
    from kg.graph.query import run
    from kg.graph.store import open_graph

    data = tmp_path / "data"
    shutil.copytree(Path(__file__).parent / "fixtures" / "cli" / "data", data)
    records = data / "records.yaml"
    records.write_text(records.read_text().replace("Acme Vision was listed",
                                                   "Acme\u2028Vision was\u2029listed"))
    build(data, tmp_path / "b", shacl=False)
    quotes = {str(r[0]) for r in run(open_graph(tmp_path / "b"),
                                     "SELECT ?q WHERE { ?e sk:quote ?q }").rows}
    assert "Acme\u2028Vision was\u2029listed" in quotes


def test_the_layout_of_a_large_graph_is_the_same_under_any_hash_seed(tmp_path):
    """The explorer's positions for a graph past SPRING_LIMIT (core + grown layout) and with
    many small components: networkx subgraph views of small node sets iterate in set order,
    which made the page's bytes change with PYTHONHASHSEED at 1M triples."""
    script = (
        "import json, networkx as nx\n"
        "from kg.explore.layout import positions\n"
        "big = nx.relabel_nodes(nx.barabasi_albert_graph(900, 2, seed=1), lambda n: f'n{n}')\n"
        "small = nx.relabel_nodes(nx.path_graph(3), lambda n: f's{n}')\n"
        "graph = nx.MultiDiGraph(nx.union(big, small))\n"
        "graph.add_nodes_from(f'lone{i}' for i in range(50))\n"
        "print(json.dumps(sorted((k, [round(x, 6) for x in v]) for k, v in positions(graph).items())))\n"
    )
    outputs = {
        seed: subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                             check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2", "3")
    }
    assert len(json.loads(outputs["1"])) == 953
    assert outputs["1"] == outputs["2"] == outputs["3"]


@pytest.mark.parametrize("data", ["minimal", "shipped", "hostile"])
def test_a_builds_n_triples_pass_the_strict_parser(data, request, tmp_path):
    """The build loads its own survkg.nt without checking IRIs and language tags again
    (kg.graph.store.LENIENT): that holds only while every IRI it writes is valid, which
    Oxigraph's strict parser checks here (it refuses `<http://x/a b>`, which lenient takes),
    on the shipped data and on records full of hostile text."""
    if data == "hostile":
        out = tmp_path / "build"
        build(FIXTURES / "html" / "data", out, shacl=False)
    else:
        out = request.getfixturevalue(f"{data}_build")
    triples = ox.parse(path=str(out / "survkg.nt"), format=ox.RdfFormat.N_TRIPLES)
    assert sum(1 for _ in triples) == json.loads((out / "manifest.json").read_text())["triples"]


def test_a_failed_build_stops_its_helper_before_it_removes_the_staging_folder(
        tmp_path, monkeypatch):
    """A SHACL violation is found while the helper may still be writing into the staging
    folder (Turtle, JSON-LD): the helper is stopped first, so that nothing it writes after the
    removal is left behind."""
    from kg.build.background import Helper
    from kg.graph.shacl import Violation

    out = tmp_path / "b"
    staging_left = []
    stop = Helper.cancel

    def cancel(helper):
        staging_left.append(bool(list(tmp_path.glob(".b.staging-*"))))
        stop(helper)

    monkeypatch.setattr(Helper, "cancel", cancel)
    monkeypatch.setattr(kg.build, "validate",
                        lambda graph: [Violation("org/x", "sks:S", "rdfs:label", "bad")])
    with pytest.raises(KGErrors, match="bad"):
        build(MINIMAL_DATA, out)
    assert staging_left[0] is True  # stopped while its folder was still there
    assert not list(tmp_path.glob(".b.staging-*"))


NOTED: dict[str, Path] = {}


def noted_reading(paths: list[Path]):
    """kg.records.dataset.read_elsewhere, noting where it ran and how many files it read
    (module-level: the build sends it to its helper by name)."""
    from kg.records.dataset import read_elsewhere

    NOTED["file"].write_text(f"{os.getpid()} {len(paths)}")
    return read_elsewhere(paths)


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_record_files_read_by_the_helper_build_the_same_and_fail_the_same(tmp_path, monkeypatch,
                                                                          share):
    # The helper is forked when the build begins, with this share: with 1.0 it reads every
    # record file, with 0.0 none (the file is read by the build's process).
    import kg.records.dataset

    reader = NOTED["file"] = tmp_path / "reader"
    monkeypatch.setattr(kg.build, "read_elsewhere", noted_reading)
    monkeypatch.setattr(kg.records.dataset, "ELSEWHERE_SHARE", share)
    build(MINIMAL_DATA, tmp_path / "built")
    if share:
        pid, count = map(int, reader.read_text().split())
        assert pid != os.getpid() and count == len(list(MINIMAL_DATA.glob("*.yaml")))
    else:
        assert not reader.exists()
    monkeypatch.setattr(kg.records.dataset, "ELSEWHERE_SHARE", 0.4)
    build(MINIMAL_DATA, tmp_path / "default")
    assert artifact_bytes(tmp_path / "built") == artifact_bytes(tmp_path / "default")
    monkeypatch.setattr(kg.records.dataset, "ELSEWHERE_SHARE", share)
    for case in ("duplicate-id", "invalid-yaml", "unknown-reference"):
        monkeypatch.chdir(INVALID_DIR / case)
        with pytest.raises(KGErrors) as caught:
            build("data", tmp_path / case)
        assert str(caught.value) == (INVALID_DIR / case / "expected.txt").read_text().rstrip("\n")
        assert not (tmp_path / case).exists()


def test_a_build_keeps_nothing_of_its_projection(tmp_path):
    """The build reads its network.json back to save it for commands, and lets it go: a
    projection kept to the end of `kg build` (at 1M triples a million objects) would be
    freed one object at a time as the process exits (a second)."""
    script = ("import gc, sys; from kg.build import build; from kg.analysis.network import "
              "Network; build(sys.argv[1], sys.argv[2]); gc.collect(); "
              "print(sum(isinstance(o, Network) for o in gc.get_objects()))")
    done = subprocess.run([sys.executable, "-c", script, str(MINIMAL_DATA), str(tmp_path / "b")],
                          check=True, capture_output=True, text=True, cwd=tmp_path)
    assert done.stdout.split() == ["0"]
