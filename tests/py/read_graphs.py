"""Reads depeche's graph files back with the tools users open them with, and prints what it found
as JSON, for the Rust tests to compare with the store's own answers.

    python3 read_graphs.py graphml FILE      networkx.read_graphml
    python3 read_graphs.py nodelink FILE     networkx.node_link_graph (D3-style "links")
    python3 read_graphs.py turtle FILE       rdflib, Turtle
    python3 read_graphs.py jsonld FILE       rdflib, JSON-LD (a dataset: one graph per article)
"""
import json
import sys


def graphml(path):
    import networkx as nx

    g = nx.read_graphml(path)
    node_attrs = sorted({k for _, d in g.nodes(data=True) for k in d})
    edge_attrs = sorted({k for _, _, d in g.edges(data=True) for k in d})
    mentions = [d["mentionCount"] for _, d in g.nodes(data=True) if "mentionCount" in d]
    meetings = [d["meetings"] for _, _, d in g.edges(data=True) if "meetings" in d]
    symmetric = [d["symmetric"] for _, _, d in g.edges(data=True) if "symmetric" in d]
    return {
        "nodes": g.number_of_nodes(),
        "edges": g.number_of_edges(),
        "directed": g.is_directed(),
        "node_attrs": node_attrs,
        "edge_attrs": edge_attrs,
        # Typed attributes come back as Python ints and bools, not strings.
        "typed": all(isinstance(m, int) for m in mentions + meetings)
        and all(isinstance(s, bool) for s in symmetric),
        "labels": sorted(d.get("label", "") for _, d in g.nodes(data=True)),
        "edge_labels": sorted(
            sorted([g.nodes[a].get("label", ""), g.nodes[b].get("label", "")])
            for a, b in g.edges()
        ),
    }


def nodelink(path):
    import networkx as nx

    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    try:
        g = nx.node_link_graph(data, edges="links")
    except TypeError:  # networkx before 3.4
        g = nx.node_link_graph(data, link="links")
    return {"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "directed": g.is_directed()}


def turtle(path):
    import rdflib

    g = rdflib.Graph()
    g.parse(path, format="turtle")
    return {"triples": len(g), "prefixes": sorted(p for p, _ in g.namespaces())}


def jsonld(path):
    import rdflib

    with open(path, encoding="utf-8") as f:
        context = json.load(f).get("@context", {})
    ds = rdflib.Dataset()
    ds.parse(path, format="json-ld")
    quads = list(ds.quads((None, None, None, None)))
    triples = {(s, p, o) for s, p, o, _ in quads}
    graphs = {str(g) for _, _, _, g in quads}
    return {
        "quads": len(quads),
        "triples": len(triples),
        "graphs": len(graphs),
        "context": sorted(context) if isinstance(context, dict) else [],
    }


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    print(json.dumps({"graphml": graphml, "nodelink": nodelink, "turtle": turtle, "jsonld": jsonld}[kind](path)))
