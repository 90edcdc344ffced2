"""Every reading command over a remote endpoint answers as the embedded store (issue 15, point 3).

The shipped build (conftest's `shipped_build`) is pushed (`kg push --graph IRI`) once per server
and session to a real `oxigraph serve` and to a real Virtuoso 7.2 from Debian at its default
10,000-row cap (tests/virtuoso_support.py); then every reading command, every named query and
every export format is run with `--endpoint URL --graph IRI` and compared with the same command
on the embedded store: the same JSON (or graph, files, or page data), rows compared
order-insensitively where the query has no ORDER BY (and a GROUP_CONCAT's values always: SPARQL
leaves their order to the engine).

Two things are read once per server rather than once per command, so that the module takes
minutes, not an hour: the projection (`kg.analysis.projection.project`: 10-30 s over an
endpoint on a busy machine) and the graph's N-Triples (`RemoteGraph.triples_nt`). Each is read
through the endpoint exactly as a command reads it, then handed to every command that asks for
it again; `test_the_projection_is_the_builds` and the export tests check what was read. The
SPARQL commands (`kg query`, `kg stats`) ask the server every time.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import yaml
from conftest import FIXTURES
from remote_support import PATIENT, run

from kg.graph import query as named

GRAPH = "urn:survkg:test:parity"
ENGINES = ("oxigraph", "virtuoso")
DATA_BLOCK = re.compile(r'<script type="application/json" id="survkg-data">(.*?)</script>', re.DOTALL)


# --- the servers, loaded once -------------------------------------------------------------------

@pytest.fixture(scope="module", params=ENGINES)
def remote(request, shipped_build, tmp_path_factory) -> list[str]:
    """CLI options reading the shipped build from one server's named graph (nothing local)."""
    empty = tmp_path_factory.mktemp("no-build")
    with pytest.MonkeyPatch.context() as patch:
        if request.param == "oxigraph":
            url = request.getfixturevalue("oxigraph_server")
        else:  # pushed as the administrator (tests/virtuoso_support.py), read anonymously
            server = request.getfixturevalue("virtuoso")
            url = server.url
            for name, value in server.env.items():
                patch.setenv(name, value)
        result = run(*PATIENT, "--build-dir", str(shipped_build), "--endpoint", url,
                     "--graph", GRAPH, "push")
    assert result.exit_code == 0, result.output
    return [*PATIENT, "--build-dir", str(empty), "--endpoint", url, "--graph", GRAPH]


@pytest.fixture(scope="module", autouse=True)
def _read_once():
    """Remember the projection and the N-Triples of each endpoint once read (see above)."""
    from kg.analysis import projection
    from kg.sparql.remote import RemoteGraph

    projected, triples = {}, {}
    project, triples_nt = projection.project, RemoteGraph.triples_nt

    def project_once(graph):
        if not isinstance(graph, RemoteGraph):
            return project(graph)
        if graph.endpoint not in projected:
            projected[graph.endpoint] = project(graph)
        return projected[graph.endpoint]

    def triples_once(self):
        if self.endpoint not in triples:
            triples[self.endpoint] = triples_nt(self)
        return triples[self.endpoint]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(projection, "project", project_once)
        patch.setattr(RemoteGraph, "triples_nt", triples_once)
        yield


_HERE: dict[tuple[str, ...], object] = {}  # the embedded answers, the same for every server


def both(remote: list[str], build: Path, *args: str):
    """Run a command on the embedded build (once per module) and over the endpoint; return
    both results, after checking they end alike."""
    key = (str(build), *args)
    if key not in _HERE:
        _HERE[key] = run("--build-dir", str(build), *args)
    here = _HERE[key]
    there = run(*remote, *args)
    assert there.exit_code == here.exit_code, (here.output[-500:], there.output[-500:])
    return here, there


def same_json(remote, build, *args):
    here, there = both(remote, build, *args, "--format", "json")
    assert here.exit_code == 0, here.output[-500:]
    assert json.loads(there.stdout) == json.loads(here.stdout)


# --- the projection every analysis command reads ------------------------------------------------

def test_the_projection_is_the_builds(remote, shipped_build):
    """The same network, in the same order (node and edge order decides ties in answers)."""
    from kg.analysis.network import load_network
    from kg.backend import reading
    from kg.settings import Options

    options = dict(zip(remote[::2], remote[1::2]))
    far = reading(Options(build_dir=options["--build-dir"], endpoint=options["--endpoint"],
                          graph=options["--graph"],
                          timeout=float(options["--timeout"]))).network()
    near = load_network(shipped_build)
    assert far.to_dict() == near.to_dict()
    assert list(far.graph.nodes(data=True)) == list(near.graph.nodes(data=True))
    assert list(far.graph.edges(keys=True, data=True)) == list(near.graph.edges(keys=True,
                                                                                data=True))


# --- the analysis commands ----------------------------------------------------------------------

def _questions(per_topic: int = 3) -> list[str]:
    """The first questions of each topic of the question set (tests/fixtures/ask)."""
    entries = yaml.safe_load((FIXTURES / "ask" / "questions.yaml").read_text())["questions"]
    taken: Counter = Counter()
    chosen = []
    for entry in entries:
        if taken[entry["topic"]] < per_topic:
            taken[entry["topic"]] += 1
            chosen.append(entry["question"])
    return chosen


# The examples first, then questions of every kind.
QUESTIONS = ["which vendors supply BRI states", *_questions()]


@pytest.mark.parametrize("question", QUESTIONS)
def test_ask(remote, shipped_build, question):
    here, there = both(remote, shipped_build, "ask", question, "--format", "json")
    if here.exit_code == 0:
        assert json.loads(there.stdout) == json.loads(here.stdout)
    else:  # refused, or a name not found: the same words
        assert there.output == here.output


ANALYSES = [
    ["suppliers", "--to", "Uganda"],
    ["suppliers", "--to", "BRI"],
    ["suppliers", "--to", "BRI", "--restricted", "--as-of", "2020"],
    ["suppliers", "--to", "BRI", "--listed-on", "Entity List"],
    ["suppliers", "--to", "Uganda", "--strength", "reported-sale,reported-use"],
    ["suppliers", "--to", "closed autocracies"],
    ["suppliers", "--origin", "Israel", "--technology", "spyware"],
    ["suppliers"],
    ["profile", "Yitu"],
    ["profile", "Uganda", "--strength", "reported-sale"],
    ["profile", "Huawei"],
    ["claims", "Hikvision", "--instrument", "Entity List"],
    ["claims", "Kenya", "Belt and Road", "--kind", "membership"],
    ["claims", "--authority", "BIS", "--in", "2019-10"],
    ["claims", "Huawei", "Pakistan", "--kind", "supply", "--since", "2015"],
    ["path", "Huawei", "Uganda"],
    ["path", "BIS", "Uganda", "--max-paths", "1"],
    ["path", "Hikvision", "Kenya", "--kinds", "supply,restriction"],
    ["path", "United States", "Uganda", "--kinds", "restriction,supply"],
    ["rank", "--by", "pagerank", "--top", "0"],
    ["rank", "--by", "betweenness", "--include-listed"],
    ["rank", "--by", "concentration", "--top", "0"],
    ["rank", "--by", "reach", "--top", "0"],
    ["reach", "Huawei"],
    ["reach", "Huawei", "--strength", "reported-sale"],
    ["reach", "facial recognition"],
    ["sources", "Huawei", "Uganda"],
    ["sources", "Uganda"],
    ["sources", "Zimbabwe", "--strength", "reported-sale,reported-use"],
    ["sources", "Hikvision"],
    ["audit"],
]


@pytest.mark.parametrize("args", ANALYSES, ids=" ".join)
def test_analysis(remote, shipped_build, args):
    same_json(remote, shipped_build, *args)


def test_stats(remote, shipped_build):
    same_json(remote, shipped_build, "stats")


# --- the named queries, asked of the server every time -----------------------------------------

def _query_runs() -> list[list[str]]:
    """Every named query with no parameter (its default, or all rows), then with each parameter
    set to an example value (a name, resolved as `kg query` resolves it)."""
    examples = {"initiative": "BRI", "source": "source/carnegie-aigs-2019", "country": "Kenya",
                "lender": "Bank of China", "body": "ITU-T", "target": "Hikvision", "vendor": "Huawei"}
    examples_of = {"findings-by-source": {"source": "source/bis-2019-22210-entity-list"}}
    runs = []
    for name, spec in named.named_queries().items():
        runs.append([name])
        for param in spec.params:
            value = examples_of.get(name, {}).get(param.name, examples[param.name])
            runs.append([name, "-p", f"{param.name}={value}"])
    return runs


# SPARQL 1.1 leaves the order of GROUP_CONCAT's values to the engine (Oxigraph joins them in
# its index order, Virtuoso sorted): such a column is compared as the multiset of its values.
_CONCAT = re.compile(r'GROUP_CONCAT\s*\((?:[^;()]|\([^()]*\))*;\s*separator\s*=\s*"([^"]*)"\s*\)'
                     r'\s+AS\s+\?(\w+)', re.IGNORECASE)


def _rows(payload: dict, text: str) -> list[tuple]:
    """The rows of a SPARQL JSON answer as comparable values (the joined columns as sorted
    lists of their values)."""
    joined = {name: separator for separator, name in _CONCAT.findall(text)}

    def cell(name: str, value: dict) -> tuple:
        if name in joined:
            value = {**value, "value": sorted(value["value"].split(joined[name]))}
        return tuple(sorted((k, str(v)) for k, v in value.items()))
    # A GROUP_CONCAT of no values is "" (SPARQL 1.1, 18.5.1.7; Virtuoso) or unbound (Oxigraph):
    # the same to every renderer but JSON.
    empty = {"type": "literal", "value": ""}
    return [tuple(sorted((name, cell(name, value))
                         for name, value in {**dict.fromkeys(joined, empty), **row}.items()))
            for row in payload["results"]["bindings"]]


@pytest.mark.parametrize("args", _query_runs(), ids=" ".join)
def test_named_query(request, remote, shipped_build, args):
    engine = request.node.callspec.params["remote"]
    here, there = both(remote, shipped_build, "query", *args, "--format", "json")
    assert here.exit_code == 0, here.output[-500:]
    near, far = json.loads(here.stdout), json.loads(there.stdout)
    assert far["head"] == near["head"]
    assert near["results"]["bindings"], "an example that finds nothing compares nothing"
    text = named.resolve(args[0]).text
    near_rows, far_rows = _rows(near, text), _rows(far, text)
    assert Counter(far_rows) == Counter(near_rows)
    order = re.search(r"\bORDER\s+BY\b(.*)", text, re.IGNORECASE | re.DOTALL)
    # Rows in the order of their keys (rows the keys tie may come in any order), on the same
    # engine as the build's. Virtuoso orders by its own collation: a string before a shorter
    # one it starts with ("...Act, as parsed by nsfreg" before "...Act"), a gYearMonth and a
    # gYear apart (SPARQL leaves the order of unlike literals to the engine).
    if order and engine == "oxigraph":
        keys = re.findall(r"\?(\w+)", order.group(1))
        assert [_keys(row, keys) for row in far["results"]["bindings"]] == [
            _keys(row, keys) for row in near["results"]["bindings"]]


def _keys(row: dict, keys: list[str]) -> tuple:
    return tuple(row[k]["value"] if k in row else None for k in keys)


# --- files for other tools ----------------------------------------------------------------------

def _canonical(data: bytes, fmt: ox.RdfFormat) -> set[str]:
    """The triples of an RDF file, each as canonical N-Triples (Oxigraph's literal forms)."""
    store = ox.Store()
    store.load(data, format=fmt)
    text = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    return set(text.decode("utf-8").splitlines())


@pytest.mark.parametrize("fmt, parser", [("nt", ox.RdfFormat.N_TRIPLES),
                                         ("ttl", ox.RdfFormat.TURTLE),
                                         ("jsonld", ox.RdfFormat.JSON_LD)])
def test_rdf_export(remote, shipped_build, fmt, parser):
    here, there = both(remote, shipped_build, "export", "--format", fmt, "-o", "-")
    near = _canonical(here.stdout_bytes, parser)
    far = _canonical(there.stdout_bytes, parser)
    assert len(near) > 100_000
    missing, extra = sorted(near - far), sorted(far - near)
    assert not missing and not extra, (len(missing), missing[:5], len(extra), extra[:5])


def _edges(graph: nx.MultiDiGraph) -> Counter:
    return Counter((u, v, json.dumps(attrs, sort_keys=True))
                   for u, v, attrs in graph.edges(data=True))


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_export(remote, shipped_build, tmp_path, fmt):
    files = []
    for name, options in (("here", ["--build-dir", str(shipped_build)]), ("there", remote)):
        out = tmp_path / f"{name}.{fmt}"
        result = run(*options, "export", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        files.append(out)
    assert files[0].stat().st_size > 1_000_000  # the whole graph, not an empty one
    if files[0].read_bytes() == files[1].read_bytes():
        return  # the same file: the same graph (reading it twice would only cost time)
    read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    near, far = (read(path) for path in files)
    assert dict(far.nodes(data=True)) == dict(near.nodes(data=True))
    assert _edges(far) == _edges(near)


def test_csv_export(remote, shipped_build, tmp_path):
    folders = []
    for name, options in (("here", ["--build-dir", str(shipped_build)]), ("there", remote)):
        out = tmp_path / name
        result = run(*options, "export", "--format", "csv", "-o", str(out))
        assert result.exit_code == 0, result.output
        folders.append(out)
    near, far = ({p.relative_to(f).as_posix(): p for p in f.rglob("*") if p.is_file()}
                 for f in folders)
    assert sorted(far) == sorted(near) and near
    for name, path in near.items():
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        header_far, *rows_far = far[name].read_text(encoding="utf-8").splitlines()
        assert header_far == header, name
        assert Counter(rows_far) == Counter(rows), name


# The whole graph, and a view of each kind (the issue's --focus Hikvision among them).
VIEWS = [[], ["--focus", "Hikvision"], ["--path", "Huawei", "Uganda"], ["--suppliers-to", "BRI"]]


@pytest.mark.parametrize("args", VIEWS, ids=lambda a: " ".join(a) or "whole")
def test_viz(remote, shipped_build, args):
    here, there = both(remote, shipped_build, "viz", *args, "-o", "-")
    assert here.exit_code == 0, here.output[-500:]
    near, far = (json.loads(DATA_BLOCK.findall(r.stdout)[0]) for r in (here, there))
    assert len(near["nodes"]) > 1
    assert far == near


@pytest.mark.parametrize("view", ["ego", "paths", "suppliers_to"])
def test_a_view_keeps_the_graphs_order(shipped_build, view):
    """A view lists its nodes and edges in the graph's order, not a set's: a set's order
    changes with PYTHONHASHSEED, and with it the page's edge ids and layout, so one `kg viz
    --focus` differed from the next (and an endpoint's page from the build's)."""
    from kg.analysis.network import load_network
    from kg.explore import views
    from kg.explore.extract import explorer_graph

    net = load_network(shipped_build)
    graph = explorer_graph(net)
    sub = {"ego": lambda: views.ego(net, graph, "Hikvision", 2),
           # a connection through several stories, so the view has enough nodes to order
           "paths": lambda: views.paths(net, graph, "United States", "Uganda"),
           "suppliers_to": lambda: views.suppliers_to(net, graph, "BRI")}[view]()
    assert len(sub) > 10
    assert list(sub) == [n for n in graph if n in sub]
    assert list(sub.edges(keys=True)) == [(u, v, k) for u, v, k in graph.edges(keys=True)
                                          if sub.has_edge(u, v, k)]
