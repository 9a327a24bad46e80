"""Dictionary autocoding: texts cut into segments (sentences), lemmatised, matched to themes.

Offline and deterministic: simplemma's dictionaries ship in its wheel. A segment's language is
its response's start language (an interview's from its metadata), unless the text is plainly in
another of the candidate languages (those of the answers and of the codebook file's themes: a
Belgian respondent who took the English version and wrote in Dutch; simplemma's language
detector decides). Words are compared
lower-cased and without accents, each as written and as its lemma; a pattern's words must follow
each other in the segment (at most :data:`MAX_GAP` other words between two of them).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
from simplemma import Lemmatizer
from simplemma.language_detector import LanguageDetector
from simplemma.strategies import DefaultStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory

from analysis.themes.codebook import ThemeCodebook

__all__ = [
    "CODE_COLUMNS",
    "MAX_GAP",
    "SEGMENT_COLUMNS",
    "code_segments",
    "detect_language",
    "lemmas",
    "segment_texts",
    "split_sentences",
]

#: Columns every segment frame has (profile fields such as partner, sector may follow).
SEGMENT_COLUMNS = ("source", "source_id", "question", "language", "text")
#: The coded segments: one row per segment and theme.
CODE_COLUMNS = ("source", "source_id", "question", "segment", "language", "theme", "text")
#: Other words allowed between two words of a pattern ("gestione *dell'* acqua").
MAX_GAP = 2

#: One dictionary cache for every language of a survey (simplemma's default keeps 8, and a survey
#: with more languages would load them again and again).
_STRATEGY = DefaultStrategy(dictionary_factory=DefaultDictionaryFactory(cache_max_size=64))
_LEMMATIZER = Lemmatizer(lemmatization_strategy=_STRATEGY)
_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+|\s*\n+\s*")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def split_sentences(text: str) -> list[str]:
    """The sentences of a text (ends: . ! ? ; … followed by a space, and line breaks)."""
    return [part.strip() for part in _SENTENCE_END.split(str(text)) if part and part.strip()]


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=200_000)
def _lemma(word: str, lang: str) -> str:
    try:
        return _LEMMATIZER.lemmatize(word, lang=lang)
    except ValueError:  # a language simplemma has no dictionary for: the word itself
        return word


def lemmas(text: str, lang: str) -> list[tuple[str, str]]:
    """Each word of ``text`` as (surface, lemma), both lower-cased without accents.

    >>> lemmas("Heat pumps", "en")
    [('heat', 'heat'), ('pumps', 'pump')]
    """
    out = []
    for match in _WORD.finditer(str(text)):
        word = match.group(0).replace("’", "'")
        lower = word.casefold()
        out.append((_fold(lower), _fold(_lemma(lower, lang))))
    return out


def detect_language(text: str, start: str, candidates: Sequence[str]) -> str:
    """``start``, unless the text is plainly in another of ``candidates``.

    Texts of fewer than four words keep ``start``; otherwise simplemma's detector must score
    another candidate at least 0.3 above ``start``.
    """
    others = [lang for lang in candidates if lang != start]
    if not others or len(_WORD.findall(text)) < 4:
        return start
    try:
        scores = _detector(tuple(dict.fromkeys([start, *others]))).proportion_in_each_language(text)
    except ValueError:
        return start
    best = max(others, key=lambda lang: (scores.get(lang, 0.0), -others.index(lang)))
    return best if scores.get(best, 0.0) >= scores.get(start, 0.0) + 0.3 else start


@lru_cache(maxsize=64)
def _detector(languages: tuple[str, ...]) -> LanguageDetector:
    return LanguageDetector(lang=languages, lemmatization_strategy=_STRATEGY)


@dataclass(frozen=True)
class _Pattern:
    theme: str
    words: tuple[tuple[frozenset[str], bool], ...]  # (forms, prefix) per word


def _compile(codebook: ThemeCodebook, languages: Sequence[str]) -> dict[str, list[_Pattern]]:
    compiled: dict[str, list[_Pattern]] = {}
    for theme in codebook.themes:
        for lang, terms in theme.patterns.items():
            if lang not in languages:  # no segment can be in it: its dictionary is not loaded
                continue
            for term in terms:
                words = []
                for word in term.split():
                    prefix = word.endswith("*")
                    bare = word.rstrip("*")
                    forms = {form for pair in lemmas(bare, lang) for form in pair}
                    if not forms:
                        continue
                    if len(lemmas(bare, lang)) > 1:  # "eco-design" in one word, "co2-uitstoot"
                        pieces = lemmas(bare, lang)
                        words.extend((frozenset(p), False) for p in pieces[:-1])
                        words.append((frozenset(pieces[-1]), prefix))
                        continue
                    words.append((frozenset(forms), prefix))
                if words:
                    compiled.setdefault(lang, []).append(_Pattern(theme.id, tuple(words)))
    return compiled


def _word_matches(forms: frozenset[str], prefix: bool, token: tuple[str, str]) -> bool:
    if prefix:
        return any(t.startswith(f) for t in token for f in forms)
    return token[0] in forms or token[1] in forms


def _matches(pattern: _Pattern, tokens: Sequence[tuple[str, str]]) -> bool:
    first_forms, first_prefix = pattern.words[0]
    for start, token in enumerate(tokens):
        if not _word_matches(first_forms, first_prefix, token):
            continue
        position = start
        for forms, prefix in pattern.words[1:]:
            window = range(position + 1, min(len(tokens), position + 2 + MAX_GAP))
            nxt = next((i for i in window if _word_matches(forms, prefix, tokens[i])), None)
            if nxt is None:
                break
            position = nxt
        else:
            return True
    return False


def segment_texts(texts: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of each text: the segment columns plus ``segment`` (0, 1, ...).

    ``texts`` has :data:`SEGMENT_COLUMNS` (and any profile fields, carried over).
    """
    rows = []
    columns = list(texts.columns)
    for record in texts.itertuples(index=False):
        values = dict(zip(columns, record, strict=True))
        for number, sentence in enumerate(split_sentences(values["text"])):
            rows.append({**values, "segment": number, "text": sentence})
    out = pd.DataFrame(rows, columns=[*columns, "segment"])
    return out


def code_segments(
    segments: pd.DataFrame, codebook: ThemeCodebook, languages: Sequence[str] | None = None
) -> pd.DataFrame:
    """Every (segment, theme) whose pattern matches: :data:`CODE_COLUMNS`.

    ``segments`` come from :func:`segment_texts`; their ``language`` may be replaced by
    :func:`detect_language` among ``languages`` (default: the segments' own languages). A segment
    may carry several themes; rows are sorted by source, source_id, question, segment, theme.
    """
    candidates = tuple(sorted(set(languages if languages is not None else segments["language"])))
    compiled = _compile(codebook, candidates)
    rows = []
    for record in segments.itertuples(index=False):
        lang = detect_language(record.text, record.language, candidates)
        tokens = lemmas(record.text, lang)
        found = sorted({p.theme for p in compiled.get(lang, ()) if _matches(p, tokens)})
        for theme in found:
            rows.append(
                (record.source, record.source_id, record.question, record.segment, lang, theme, record.text)
            )
    coded = pd.DataFrame(rows, columns=list(CODE_COLUMNS))
    return coded.sort_values(
        ["source", "source_id", "question", "segment", "theme"], kind="stable", ignore_index=True
    )
