"""The rules: the grammar words of the genre (``*.toml``, package data read with importlib.resources)
and the rule modules that read sentences with them and the ontology's concepts: events, campaigns,
awards and metrics, in the order ``extract.py`` runs them."""
