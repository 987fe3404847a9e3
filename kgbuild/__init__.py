"""kgbuild: a knowledge graph of Chinese local governments' annual rule-of-law reports.

The pipeline, one module per stage:
read (formats) → normalize → segment → metadata → extract (figures; bodies, documents, programmes,
items, events; gazetteer) → mapping → store → query/export/validate/viz. cli.py is a thin layer over them.
"""

__version__ = "0.1.0"
