"""Export tables of the graph: observations and reports, in a stable order."""

from .query import load_query, run


def observations(store) -> tuple[list[str], list[list]]:
    q = load_query("export-observations")
    return run(store, q.text, q.source)


def reports(store) -> tuple[list[str], list[list]]:
    q = load_query("export-reports")
    return run(store, q.text, q.source)


STATS_QUERY = """
SELECT ?report ?class (COUNT(DISTINCT ?s) AS ?count) WHERE {
  GRAPH ?g { ?s a ?c }
  OPTIONAL { GRAPH ?g { ?r a kgb:Report ; dcterms:identifier ?id } }
  BIND(COALESCE(?id, REPLACE(STR(?g), "^.*/", "")) AS ?report)
  BIND(REPLACE(STR(?c), "^.*[/#]", "") AS ?class)
  FILTER(STRSTARTS(STR(?c), STR(kgb:)))
}
GROUP BY ?report ?class
ORDER BY ?report ?class
"""


def stats(store) -> tuple[list[str], list[list]]:
    """Instances per class in each graph (one per report, plus ontology and entities)."""
    return run(store, STATS_QUERY, "stats")


def report_texts(store) -> dict[str, str]:
    """report id → its normalized text."""
    q = load_query("report-texts")
    return dict(run(store, q.text, q.source)[1])
