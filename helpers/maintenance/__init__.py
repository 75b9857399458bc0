"""Maintenance tools that keep the repository healthy: notebook metadata, the lock, the data dictionary, notebook refresh.

May import :mod:`helpers.dataset` only; nothing in the package imports them.
"""
