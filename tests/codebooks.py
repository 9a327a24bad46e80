"""Codebooks made for tests from the real reference survey."""

from __future__ import annotations

import dataclasses

from analysis.codebook import Codebook


def relabel(codebook: Codebook, old: str, new: str) -> Codebook:
    """The codebook with the texts of language ``old`` under the name ``new``."""
    def move(texts: dict[str, str]) -> dict[str, str]:
        return {(new if k == old else k): v for k, v in texts.items()}

    questions = {
        code: dataclasses.replace(
            q,
            texts=move(q.texts),
            subquestions=tuple(dataclasses.replace(s, labels=move(s.labels)) for s in q.subquestions),
            answers=tuple(dataclasses.replace(a, labels=move(a.labels)) for a in q.answers),
            attributes={k.replace(f":{old}", f":{new}"): v for k, v in q.attributes.items()},
        )
        for code, q in codebook.questions.items()
    }
    languages = tuple(new if lang == old else lang for lang in codebook.languages)
    return dataclasses.replace(codebook, questions=questions, languages=languages)
