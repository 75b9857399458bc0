"""The rule registry: every module of validation rules, gathered in one place.

Lives here: the core rules, judgements, the accounts, the story. Imports only
:mod:`helpers.dataset.problems` and the modules below it, never the validator that runs the rules.
"""

from __future__ import annotations

from helpers.dataset.problems import Rule
from helpers.dataset.rules.accounts import ACCOUNT_RULES
from helpers.dataset.rules.core import CORE_RULES
from helpers.dataset.rules.judgements import JUDGEMENT_RULES
from helpers.dataset.rules.story import STORY_RULES

__all__ = ["CORE_RULES", "all_rules"]


def all_rules() -> tuple[Rule, ...]:
    """Every rule the validator runs, in order: the core rules, then judgements, accounts and the story.

    To add a module of rules, give it a tuple of rules and add that tuple here.

    >>> len(all_rules()) > 10
    True
    """
    return (*CORE_RULES, *JUDGEMENT_RULES, *ACCOUNT_RULES, *STORY_RULES)
