"""The deterministic support judge on hand-made cases and on the labelled pairs."""

from __future__ import annotations

import pytest

from assistant import PROJECT_ROOT
from assistant.embedding import Embedder
from assistant.evals import label_sources_dir, load_labelled_pairs
from assistant.verification import SupportJudge, split_claims

PASSAGE = (
    "As of March 2026, the leading US model held only a narrow advantage of around 2.7 percent. "
    "Economist Michael Spence said the gap has become extremely small."
)


@pytest.fixture(scope="module")
def judge(embedder: Embedder) -> SupportJudge:
    return SupportJudge(embedder.embed)


@pytest.mark.parametrize(
    ("sentence", "supported"),
    [
        ("As of March 2026, the leading US model held only a narrow advantage of around 2.7 percent.", True),
        ("In March 2026 the top US model was ahead by only about 2.7 percent.", True),
        ("In March 2026 the top US model was ahead by about 12 percent.", False),
        ("Economist Zhu Min said the gap has become extremely small.", False),
        ("Michael Spence said the gap has not become small.", False),
        ("The European Union said the gap has become extremely small.", False),
        ("Bananas are a good source of potassium.", False),
    ],
)
def test_hand_made_cases(judge: SupportJudge, sentence: str, supported: bool) -> None:
    verdict = judge.judge(sentence, [PASSAGE])
    assert verdict.supported is supported, verdict.reasons


def test_no_passage_is_unsupported(judge: SupportJudge) -> None:
    assert not judge.judge("Anything at all.", []).supported


def test_deterministic(judge: SupportJudge) -> None:
    a = judge.judge("The US model led by about 2.7 percent in March 2026.", [PASSAGE])
    b = judge.judge("The US model led by about 2.7 percent in March 2026.", [PASSAGE])
    assert (a.supported, a.score, a.reasons) == (b.supported, b.score, b.reasons)


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("judge_labels.jsonl", 0.90),
        pytest.param(
            "judge_labels_news.jsonl",
            0.85,
            marks=pytest.mark.skipif(
                not label_sources_dir().is_dir(),
                reason="its passages are references into the shared news corpus",
            ),
        ),
    ],
)
def test_accuracy_on_tuning_pairs(judge: SupportJudge, name: str, floor: float) -> None:
    pairs = load_labelled_pairs(PROJECT_ROOT / "evals" / name)
    assert len(pairs) >= 50
    correct = sum(judge.judge(p.sentence, [p.passage]).supported == p.supported for p in pairs)
    # Measured 66/71 and 53/60 (the rules were fitted on these; evals/ has the held-out figure).
    assert correct / len(pairs) >= floor


def test_split_claims_keeps_markers_with_their_sentences() -> None:
    claims = split_claims("The articles disagree. What they say:\nA is b. [1] C said “dog.” [2] Eels [1, 3].")
    assert [(c.text, c.cited) for c in claims] == [
        ("A is b.", (1,)),
        ("C said “dog.”", (2,)),
        ("Eels.", (1, 3)),
    ]


# One case per rule in judge.py's rules block, on sentences written for these tests.
COUNCIL = (
    "The city council voted 7-2 on Tuesday to approve the new budget. "
    "The mayor said the plan could raise property taxes next year. "
    "It is the third budget the council has passed since the flood."
)


@pytest.mark.parametrize(
    ("sentence", "passage", "supported"),
    [
        # NEGATORS
        ("The city council did not approve the new budget on Tuesday.", COUNCIL, False),
        # NON_NEGATIONS: "No. 4" is a number, "not only" adds
        ("The team picked the forward with the fourth pick in the draft.",
         "With the No. 4 pick in the draft, the team selected the forward.", True),
        ("The storm cut power to homes and also closed schools.",
         "The storm not only cut power to homes but also closed schools.", True),
        # IMPLICIT_NEGATIONS: "rather than X" denies X
        ("The board chose to sell the stadium.",
         "The board chose to renovate the stadium rather than sell it.", False),
        # ABSOLUTES
        ("All residents support the new budget.",
         "Many residents support the new budget, a survey found.", False),
        # MODAL_HEDGES / HEDGES: the passage's "could" must survive as some hedge
        ("The mayor said the plan will raise property taxes next year.", COUNCIL, False),
        ("The mayor said the plan might raise property taxes next year.", COUNCIL, True),
        # "May" inside a sentence is the month, not a hedge the claim drops
        ("The bridge reopened to traffic in May.",
         "The bridge reopened to traffic in May after repairs.", True),
        # ORDINALS: compared when the passage gives a rank; any ordinal word counts
        ("It is the fourth budget the council has passed since the flood.", COUNCIL, False),
        ("The senator won a twenty-first term in office.", "The senator won a 21st term in office.", True),
        ("The senator won a twenty-second term in office.", "The senator won a 21st term in office.", False),
        ("The striker finished first in the scoring race.",
         "The striker finished at the top of the scoring race.", True),
        # MONTHS
        ("The trial is scheduled to begin on June 3.", "The trial is scheduled to begin on July 3.", False),
        # OPPOSITES
        ("Ticket sales fell sharply over the summer.", "Ticket sales rose sharply over the summer.", False),
        ("The museum has permanently closed its east wing.",
         "The museum has temporarily closed its east wing for repairs.", False),
        # NAME_PREFIX_MIN: a name and its adjective form
        ("Iceland's parliament passed the bill on Friday.",
         "The Icelandic parliament passed the bill on Friday.", True),
        ("Kenya's parliament passed the bill on Friday.",
         "The Kenyan parliament passed the bill on Friday.", True),
        ("Ghana's parliament passed the bill on Friday.",
         "The Kenyan parliament passed the bill on Friday.", False),
        # ACRONYM_SKIP: an acronym is backed by the words it abbreviates
        ("The WHO said the outbreak was contained.",
         "The World Health Organization said the outbreak was contained.", True),
        ("The DOL said the outbreak was contained.",
         "The World Health Organization said the outbreak was contained.", False),
        # a name of several words needs each word among the passage's names
        ("The Department of Energy announced the grants on Monday.",
         "The Department of Labor announced the grants on Monday.", False),
        # an ordinary first word ("Residents") is no actor the passage must name
        ("Residents of the valley were told to leave their homes.",
         "Officials told residents of the valley to leave their homes.", True),
    ],
)  # fmt: skip
def test_general_rules(judge: SupportJudge, sentence: str, passage: str, supported: bool) -> None:
    verdict = judge.judge(sentence, [passage])
    assert verdict.supported is supported, verdict.reasons


def test_ordinals_cover_first_to_ninety_ninth() -> None:
    from assistant.verification import ORDINALS

    assert ORDINALS["first"] == "1" and ORDINALS["twelfth"] == "12" and ORDINALS["thirtieth"] == "30"
    assert ORDINALS["forty-fifth"] == "45" and ORDINALS["ninety-ninth"] == "99"
    assert ORDINALS["hundredth"] == "100"
