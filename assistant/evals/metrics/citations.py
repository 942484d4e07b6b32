"""Citation recall and precision, as ALCE defines them (Gao et al., 2023, "Enabling Large Language
Models to Generate Text with Citations").

Per claim (answer sentence) with cited passages C:

* recall: 1 if the claim has at least one citation and the passages of C together support it;
* precision, per citation c in C: c is relevant if C together supports the claim and either c alone
  supports it or the claim is no longer supported without c. As in ALCE's implementation, every
  citation of a claim that C does not support counts as irrelevant.

Answer recall = supported claims / claims; answer precision = relevant citations / citations (0 when
the answer cites nothing, as ALCE does). Abstentions and answers without claims are ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.evals.judges import Judge
from assistant.evals.metrics.faithfulness import FaithfulnessInput, cited_texts
from assistant.verification import split_claims

CitationInput = FaithfulnessInput  # the same answer, abstention flag and cited passages


@dataclass(frozen=True)
class CitationScore:
    recall: float | None
    precision: float | None
    claims: int
    supported_claims: int
    citations: int  # citation marks over all claims
    relevant_citations: int


def score_citations(item: CitationInput, judge: Judge) -> CitationScore:
    if item.abstained:
        return CitationScore(None, None, 0, 0, 0, 0)
    claims = split_claims(item.answer)
    if not claims:
        return CitationScore(None, None, 0, 0, 0, 0)
    supported = marks = relevant = 0
    for claim in claims:
        cited = claim.cited
        joint = bool(cited) and judge.judge(claim.text, cited_texts(cited, item.evidence)).supported
        supported += joint
        marks += len(cited)
        if not joint:
            continue
        if len(cited) == 1:
            relevant += 1
            continue
        for n in cited:
            alone = judge.judge(claim.text, cited_texts((n,), item.evidence)).supported
            rest = tuple(m for m in cited if m != n)
            needed = not judge.judge(claim.text, cited_texts(rest, item.evidence)).supported
            relevant += alone or needed
    precision = relevant / marks if marks else 0.0
    return CitationScore(supported / len(claims), precision, len(claims), supported, marks, relevant)
