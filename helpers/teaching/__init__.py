"""Teaching: the tutorial's checked exercises.

May import every layer below it (dataset, analysis, curation, views, export).
"""
