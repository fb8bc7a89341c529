"""orgkg: knowledge graphs of Vietnamese organisations' achievements from news articles.

The build is a pipeline of small stages with plain data between them:

    read -> normalise -> segment -> extract -> resolve -> to_rdf -> write

(``read.py``, ``normalise.py``, ``segment.py``, ``extract.py`` with its rule
modules, ``resolve.py``, ``to_rdf.py``, ``write.py``; ``pipeline.py`` runs them.)
"""

__version__ = "0.1.0"
