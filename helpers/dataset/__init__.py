"""The data package itself: paths, span geometry, provenance, reading, validation and its rules, the cache, the loader.

Imports nothing else from :mod:`helpers`; every other subpackage builds on it. ``load_dataset`` is its one
obvious call (also ``from helpers import load_dataset``); the validator is ``python -m helpers.dataset.validate``.
"""
