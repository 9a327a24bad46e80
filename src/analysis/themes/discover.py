"""Discovery of what the codebook misses: TF-IDF + NMF over segments, per language.

For each language, the segments no theme coded (or every segment, with ``uncoded_only=False``)
are turned into lemma TF-IDF vectors (scikit-learn; lemmas of three letters or fewer and
words in more than ``max_df`` of the segments are left out), factorised by NMF with a fixed
``random_state``; each component is a candidate theme with its top lemmas, its example segments
(the texts are already redacted) and its size (segments whose strongest component it is). The
analyst names the good ones and adds them to the codebook (docs/themes.md).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.themes.coding import lemmas

__all__ = ["CANDIDATE_COLUMNS", "candidate_themes"]

#: Lemmas of at most this many letters are left out (articles, prepositions: and, the, per, di).
MIN_LETTERS = 3
#: What redaction put in place of personal data ([e-mail], [phone], [name]) is not a term.
_PLACEHOLDER = re.compile(r"\[[^\]]*\]")

CANDIDATE_COLUMNS = (
    "language",
    "candidate",
    "size",
    "top_terms",
    "examples",
    "uncoded_only",
)


def candidate_themes(
    segments: pd.DataFrame,
    coded: pd.DataFrame,
    *,
    uncoded_only: bool = True,
    per_language: int = 5,
    top_terms: int = 6,
    examples: int = 3,
    min_segments: int = 4,
    max_df: float = 0.5,
    random_state: int = 0,
) -> pd.DataFrame:
    """Candidate themes per language (:data:`CANDIDATE_COLUMNS`), largest first.

    Parameters
    ----------
    segments
        Segments with ``source, source_id, question, segment, language, text``.
    coded
        Their codes (:func:`analysis.themes.coding.code_segments`); the language it decided is
        used for a coded segment.
    uncoded_only
        Only segments no theme coded (the default), else all (flagged in ``uncoded_only``).
    per_language
        Most candidates per language (fewer when a language has few segments).
    min_segments
        Languages with fewer segments get no candidate.

    Returns
    -------
    pandas.DataFrame
        ``top_terms`` and ``examples`` are joined with `` | ``.
    """
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import TfidfVectorizer

    keys = ["source", "source_id", "question", "segment"]
    chosen = segments
    if uncoded_only and not coded.empty:
        done = coded[keys].drop_duplicates()
        chosen = segments.merge(done, on=keys, how="left", indicator=True)
        chosen = chosen[chosen["_merge"] == "left_only"].drop(columns="_merge")
    chosen = chosen.sort_values([*keys], kind="stable", ignore_index=True)
    rows = []
    for lang, group in chosen.groupby("language", sort=True):
        texts = group["text"].astype(str).tolist()
        docs = [
            " ".join(
                lemma
                for _s, lemma in lemmas(_PLACEHOLDER.sub(" ", text), str(lang))
                if len(lemma) > MIN_LETTERS and not lemma.isdigit()
            )
            for text in texts
        ]
        if sum(bool(d) for d in docs) < min_segments:
            continue
        vectorizer = TfidfVectorizer(
            token_pattern=r"\S+",
            max_df=max_df if len(docs) >= 10 else 1.0,
            min_df=2 if len(docs) >= 10 else 1,
        )
        try:
            matrix = vectorizer.fit_transform(docs)
        except ValueError:  # nothing left after the document-frequency cuts
            continue
        k = max(1, min(per_language, matrix.shape[0] // 3, matrix.shape[1]))
        model = NMF(n_components=k, init="nndsvda", random_state=random_state, max_iter=500)
        with np.errstate(invalid="ignore"):  # scikit-learn's error estimate of a near-exact fit
            weights = model.fit_transform(matrix)
        vocabulary = np.array(vectorizer.get_feature_names_out())
        strongest = weights.argmax(axis=1)
        has_weight = weights.max(axis=1) > 0
        for component in range(k):
            members = np.flatnonzero((strongest == component) & has_weight)
            if len(members) == 0:
                continue
            terms = vocabulary[np.argsort(-model.components_[component], kind="stable")[:top_terms]]
            best = members[np.argsort(-weights[members, component], kind="stable")][:examples]
            rows.append(
                {
                    "language": str(lang),
                    "candidate": 0,
                    "size": int(len(members)),
                    "top_terms": " | ".join(terms),
                    "examples": " | ".join(texts[i] for i in best),
                    "uncoded_only": bool(uncoded_only),
                }
            )
    table = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    table = table.sort_values(
        ["language", "size", "top_terms"], ascending=[True, False, True], kind="stable", ignore_index=True
    )
    table["candidate"] = table.groupby("language").cumcount() + 1
    return table
