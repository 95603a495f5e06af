"""Who may do what with surveys.

A survey is an activity of a dialogue, so it follows the dialogue: the officials
of the dialogue's unit and administrators build, open, close and copy it
(``dialogues.run_dialogue``). Representatives and other units' officials do not.
"""

import rules

from delaktig.dialogues.models import Activity, Dialogue
from delaktig.dialogues.rules import can_run, is_official
from delaktig.municipality.rules import is_administrator

from .models import MatrixItem, Option, Question, Section, Survey


def dialogue_of(obj):
    """The dialogue of any survey object, an activity, or the dialogue itself."""
    if isinstance(obj, (Option, MatrixItem)):
        obj = obj.question
    if isinstance(obj, (Question, Section)):
        obj = obj.survey
    if isinstance(obj, Survey):
        obj = obj.activity
    if isinstance(obj, Activity):
        obj = obj.dialogue
    return obj if isinstance(obj, Dialogue) else None


@rules.predicate
def may_manage_survey(user, obj):
    dialogue = dialogue_of(obj)
    return dialogue is not None and can_run.test(user, dialogue)


# The survey list and "new survey" pages: people who could manage some survey.
rules.add_perm("surveys.view_surveys", is_official | is_administrator)
rules.add_perm("surveys.manage_survey", may_manage_survey)
