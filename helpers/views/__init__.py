"""Views: figures (matplotlib), HTML renderers, the explorer and its widgets.

May import :mod:`helpers.dataset`, :mod:`helpers.analysis` and :mod:`helpers.curation`; nothing imports the views
except teaching. Import the module you need: ``from helpers.views import plots``.
"""
