from __future__ import annotations

import pytest

from auditor.classify.registry import RULES
from reports.rule_texts import rule_text


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_every_rule_has_its_article_and_one_plain_sentence(rule_id, lang):
    text = rule_text(rule_id, lang)
    assert text.protocol == RULES[rule_id].PROTOCOL
    assert text.description
    assert text.description[-1] in ".…"
    assert "{" not in text.description
    assert ". " not in text.description.rstrip(".")
    full = RULES[rule_id].EXPLANATION_NL if lang == "nl" else RULES[rule_id].EXPLANATION_EN
    assert full.startswith(text.description.rstrip("…").rstrip())


def test_a_blank_for_the_posts_own_words_stays_blank():
    assert rule_text("work-organisation-mentioned", "nl").description == "Je noemt …"
    assert rule_text("work-organisation-mentioned", "en").description == "You mention …"


def test_a_rule_no_longer_in_the_code_gets_empty_texts():
    text = rule_text("retired-rule", "nl")
    assert (text.rule, text.protocol, text.description) == ("retired-rule", "", "")
