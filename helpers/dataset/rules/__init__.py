"""The rule registry: every module of validation rules, gathered in one place.

Lives here: the core rules, the 2.0 model (utterances, renderings, documents), judgements, the story. Imports only
:mod:`helpers.dataset.problems` and the modules below it, never the validator that runs the rules.
"""

from __future__ import annotations

from helpers.dataset.problems import Rule
from helpers.dataset.rules.core import CORE_RULES
from helpers.dataset.rules.exportable import EXPORT_RULES
from helpers.dataset.rules.judgements import JUDGEMENT_RULES
from helpers.dataset.rules.model import MODEL_RULES
from helpers.dataset.rules.reading import READING_RULES
from helpers.dataset.rules.story import STORY_RULES

__all__ = ["CORE_RULES", "all_rules"]


def all_rules() -> tuple[Rule, ...]:
    """Every rule the validator runs, in order: the core rules, hostile descriptors and raw rows (after frictionless,
    whose problems they do not repeat), what every export can carry, then the model's (utterances, renderings,
    documents, mentions), judgements and the story.

    To add a module of rules, give it a tuple of rules and add that tuple here.

    >>> len(all_rules()) > 10
    True
    """
    return (*CORE_RULES, *READING_RULES, *EXPORT_RULES, *MODEL_RULES, *JUDGEMENT_RULES, *STORY_RULES)
