"""Maintenance tools that keep the repository healthy: notebook metadata, the lock, the data dictionary, notebook refresh,
and the 1.1 -> 2.0 migration of a user's data package (migrate, migrate_schema).

May import :mod:`helpers.dataset` only; nothing in the package imports them.
"""
