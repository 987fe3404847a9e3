"""kgbuild: a knowledge graph of Chinese local governments' annual rule-of-law reports.

The pipeline, one module per stage:
read → normalize → segment → metadata → extract → mapping → store → query/export.
"""

__version__ = "0.1.0"
