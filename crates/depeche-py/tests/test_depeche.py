"""Tests of the `depeche` Python module: the API, the seed article's meetings, extract_many,
byte equality with the `depeche` command line, and the N-Quads read by pyoxigraph and rdflib.

Run by tests/python_package.rs (which builds and installs the wheel first), or by hand after
`maturin develop`: `python -m pytest crates/depeche-py/tests`. DEPECHE_BIN, when set, names the
`depeche` binary to compare with.
"""

import datetime
import gzip
import json
import os
import subprocess
from pathlib import Path

import pytest

import depeche

REPO = Path(__file__).resolve().parents[3]
SEED = sorted((REPO / "data" / "articles").glob("afp-2017-09-12*.txt"))[0]
SEED_GOLD = json.loads((REPO / "data" / "eval" / "gold" / "fr-seed.json").read_text(encoding="utf-8"))
CORPUS = REPO / "data" / "corpus" / "wikinews.jsonl.gz"

WHO_MET_WHOM = """
PREFIX dp: <https://purl.org/depeche/ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?a ?b WHERE {
  GRAPH ?g { ?x dp:met ?y . ?x rdfs:label ?a . ?y rdfs:label ?b }
}
"""


def corpus_records():
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def gold_names(key):
    return set(SEED_GOLD["entities"][key]["names"])


@pytest.fixture(scope="module")
def seed():
    return depeche.extract(SEED.read_text(encoding="utf-8"))


def test_extract_returns_nquads_and_a_summary(seed):
    assert set(seed) == {"id", "graph", "nquads", "summary", "meetings", "skipped"}
    assert seed["id"] == "afp-2017-09-12-damas"
    lines = seed["nquads"].splitlines(keepends=True)
    assert lines, "the seed article has quads"
    # Every quad is in the article's own graph, one per line.
    assert all(line.endswith(f" <{seed['graph']}> .\n") for line in lines)
    summary = seed["summary"]
    assert summary["meetings"] == len(seed["meetings"]) >= 1
    assert summary["events"] >= summary["meetings"]
    assert summary["entities"] >= 4
    assert seed["skipped"] == []


def test_the_seed_meetings_are_the_gold_ones(seed):
    happened = [m for m in seed["meetings"] if m["modality"] is None]
    for gold in SEED_GOLD["meetings"]:
        actors = [gold_names(a) for a in gold["actors"]]
        found = [
            m
            for m in happened
            if m["date"] == gold["date"]
            and m["place"] in gold_names(gold["place"])
            and len(m["actors"]) == len(actors)
            and all(any(name in names for name in m["actors"]) for names in actors)
        ]
        assert found, f"no meeting of {gold['actors']} on {gold['date']} in {seed['meetings']}"
        assert found[0]["evidence"] and found[0]["event"].startswith("https://")


def test_arguments_override_the_front_matter():
    text = "Le président Paul Lefort a reçu mardi à Tunis le ministre Karim Benali."
    dated = depeche.extract(text, lang="fr", date="2017-09-12", id="a-1")
    assert dated["id"] == "a-1"
    assert dated["meetings"][0]["date"] == "2017-09-12"
    # A datetime.date is the same date; no id gives an id from the text, the same each time.
    same = depeche.extract(text, lang="fr", date=datetime.date(2017, 9, 12), id="a-1")
    assert same == dated
    anonymous = depeche.extract(text, lang="fr")
    assert anonymous["id"] == depeche.extract(text, lang="fr")["id"] != "a-1"
    assert anonymous["meetings"][0]["date"] is None


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: depeche.extract("   \n "), "empty article"),
        (lambda: depeche.extract("Le président a reçu le ministre.", date="2017-13-45"), "expected YYYY-MM-DD"),
        (lambda: depeche.extract("Le président a reçu le ministre.", lang="de"), "expected fr, en or auto"),
        (lambda: list(depeche.extract_many([{"id": "x", "text": "Texte.", "date": "hier"}])), "invalid date"),
    ],
)
def test_bad_articles_raise_one_sentence(call, message):
    with pytest.raises(depeche.ArticleError) as raised:
        call()
    assert isinstance(raised.value, ValueError)
    text = str(raised.value)
    assert message in text and "\n" not in text


def test_wrong_types_raise_type_errors():
    with pytest.raises(TypeError, match="record 1 is a list"):
        list(depeche.extract_many([["not", "a", "dict"]]))
    with pytest.raises(TypeError, match="text must be a string"):
        list(depeche.extract_many([{"text": 42}]))
    with pytest.raises(TypeError, match="iterable"):
        depeche.extract_many(42)


def test_a_bad_record_comes_after_the_results_before_it():
    records = [
        {"id": "a", "text": "Le président Paul Lefort a reçu le ministre Karim Benali.", "lang": "fr"},
        {"id": "b", "text": ""},
        {"id": "c", "text": "Karim Benali a rencontré Paul Lefort."},
    ]
    results = depeche.extract_many(records)
    assert next(results)["id"] == "a"
    with pytest.raises(depeche.ArticleError, match=r'record 2 \(id "b"\) is an empty article'):
        next(results)
    assert list(results) == []


def test_extract_many_keeps_the_order_and_equals_extract():
    # More records than one batch (256), from a generator: taken lazily, yielded in order.
    records = [{k: r.get(k) for k in ("id", "text", "date", "lang")} for r in corpus_records()]
    assert len(records) > 256
    results = list(depeche.extract_many(r for r in records))
    assert [r["id"] for r in results] == [r["id"] for r in records]
    for record, result in list(zip(records, results))[::25]:
        alone = depeche.extract(record["text"], lang=record["lang"], date=record["date"], id=record["id"])
        assert alone == result


@pytest.mark.skipif(not os.environ.get("DEPECHE_BIN"), reason="DEPECHE_BIN (the depeche binary) is not set")
def test_nquads_are_the_command_line_s_byte_for_byte(seed):
    def cli(path):
        return subprocess.run(
            [os.environ["DEPECHE_BIN"], "extract", "--format", "nquads", str(path)],
            check=True, capture_output=True, text=True, encoding="utf-8",
        ).stdout

    assert seed["nquads"] == cli(SEED)
    python = "".join(r["nquads"] for r in depeche.extract_many(corpus_records()))
    assert python == cli(CORPUS)


def test_pyoxigraph_and_rdflib_answer_who_met_whom(seed):
    pyoxigraph = pytest.importorskip("pyoxigraph")
    rdflib = pytest.importorskip("rdflib")

    store = pyoxigraph.Store()
    store.load(seed["nquads"].encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    assert len(store) == len(seed["nquads"].splitlines())
    in_oxigraph = {(row["a"].value, row["b"].value) for row in store.query(WHO_MET_WHOM)}

    dataset = rdflib.Dataset()
    dataset.parse(data=seed["nquads"], format="nquads")
    assert len(dataset) == len(seed["nquads"].splitlines())
    in_rdflib = {(str(row.a), str(row.b)) for row in dataset.query(WHO_MET_WHOM)}

    assert in_oxigraph == in_rdflib
    assad, shoigu = gold_names("assad"), gold_names("shoigu")
    assert any(a in assad and b in shoigu for a, b in in_oxigraph), in_oxigraph
    assert any(a in shoigu and b in assad for a, b in in_oxigraph), in_oxigraph
