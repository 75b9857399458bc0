"""Curation: the curator tools that write the data package (``geopol-curate``), atomic and locked, and the worked example.

May import :mod:`helpers.dataset` only.
"""
