"""The kgbuild ontology (Turtle files), shipped inside the package as kgbuild.ontology."""
