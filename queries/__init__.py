"""The prebuilt SPARQL queries (queries/*.rq), shipped inside the package as kgbuild.queries."""
