"""Map the column headings of any response export to LimeSurvey code headings.

LimeSurvey names one response column in several ways, and partners send all of them:

- **code headings** (``IMPORT[SQ001]``, ``NEEDURG[SQ001][1]``, ``SECTOR[other]``, ``RANKMC[1]``), the
  canonical form, as :meth:`Codebook.columns` names them;
- **full** and **abbreviated** headings ("question text [subquestion text][Scale 1]", cut to 15
  characters plus ".. " when abbreviated), in the export's language: even the fixed columns are
  translated ("ID на отговора", "Fecha de envío");
- **database names** of LimeSurvey 3 to 6 (``<sid>X<gid>X<qid><SQ>``, dual scale ``#0``/``#1``,
  ``other``; ranking ``<sid>X<gid>X<qid><rank>``), used by ``get_fieldmap`` and ``add_response``;
- **LimeSurvey 7 names**: ``Q<qid>`` for a question and ``Q<qid>_S<sqid>`` for a subquestion
  (LimeSurvey 7 names response columns by ids, see its ``SurveyStatistics`` chart processors, which
  build ``Q{qid}_S{sqid}``); for the parts without a subquestion id we accept ``Q<qid>_S<sqid>#0``
  / ``#1`` (dual scale) and ``Q<qid>other`` / ``Q<qid>_Cother`` / ``Q<qid>comment`` /
  ``Q<qid>_Ccomment``;
- **SPSS and Stata variable names**, where brackets become underscores (``SECTOR_other``,
  ``NEEDURG_SQ001_1``).

Names are generated from the codebook and looked up, never parsed: ``845123X3X101`` is rank 1 of
question 10, not question 101, and only the codebook can tell.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from analysis.codebook import Codebook, Column
from analysis.errors import InputError

__all__ = [
    "LONG_WORDS",
    "METADATA_HEADINGS",
    "HeadingMap",
    "database_names",
    "flatten",
    "full_headings",
    "ls7_names",
    "map_headings",
    "statistics_names",
]

#: Columns LimeSurvey writes before the questions (which ones depends on the survey settings).
METADATA = (
    "id", "submitdate", "lastpage", "startlanguage", "seed", "token",
    "startdate", "datestamp", "ipaddr", "refurl",
)

#: LimeSurvey's words in full-text exports, per language (read off real 6.1.8 exports).
LONG_WORDS: dict[str, dict[str, str]] = {
    "en": {"yes": "Yes", "no": "No", "other": "Other", "na": "N/A", "scale": "Scale", "rank": "Rank"},
    "bg": {"yes": "Да", "no": "Не", "other": "Друго", "na": "N/A", "scale": "Скала", "rank": "Ранг"},
    "es": {"yes": "Sí", "no": "No", "other": "Otro", "na": "N/A", "scale": "Eje", "rank": "Ranking"},
}

#: Fixed columns under full/abbreviated headings, per language (real 6.1.8 exports).
METADATA_HEADINGS: dict[str, dict[str, str]] = {
    "en": {
        "Response ID": "id", "Date submitted": "submitdate", "Last page": "lastpage",
        "Start language": "startlanguage", "Seed": "seed", "Token": "token", "Access code": "token",
        "Date started": "startdate", "Date last action": "datestamp", "IP address": "ipaddr",
        "Referrer URL": "refurl",
    },
    "bg": {
        "ID на отговора": "id", "Дата на подаване": "submitdate", "Последна страница": "lastpage",
        "Начален език": "startlanguage", "Seed": "seed", "Дата на започване": "startdate",
        "Дата на последното действие": "datestamp",
    },
    "es": {
        "ID de respuesta": "id", "Fecha de envío": "submitdate", "Última página": "lastpage",
        "Lenguaje inicial": "startlanguage", "Semilla": "seed", "Fecha de inicio": "startdate",
        "Fecha de la última acción": "datestamp",
    },
}

_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")


def flatten(text: str) -> str:
    """Text as LimeSurvey prints it in headings: no tags, entities decoded, spaces collapsed."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub("", text))).strip()


def _abbreviate(text: str, length: int = 15) -> str:
    """LimeSurvey's abbreviated heading part: cut to ``length`` characters plus '.. '."""
    return text if len(text) <= length + 3 else text[:length] + ".. "


@dataclass(frozen=True)
class HeadingMap:
    """How a file's headings were read: the code heading of each, and the language if textual."""

    headings: list[str]
    kind: str  # "code", "text", "database", "ls7", "statistics"
    language: str | None = None


def _column_parts(column: Column, codebook: Codebook, language: str) -> list[str] | None:
    """Question text and bracketed parts of one column's full heading, or None without words."""
    words = LONG_WORDS.get(language, LONG_WORDS["en"])
    question = codebook[column.question]
    text = flatten(question.texts.get(language, ""))
    if column.kind == "rank":
        return [text, f"{words['rank']} {column.subquestion}"]
    if column.kind == "other" and column.subquestion == "other":
        return [text, words["other"]]
    if column.subquestion is None:
        return [text]
    sub = next((s for s in question.subquestions if s.code == column.subquestion), None)
    if sub is None:  # comment columns and the like: LimeSurvey's words are not known here
        return None
    parts = [text, flatten(sub.labels.get(language, ""))]
    if question.type == "1":
        parts.append(f"{words['scale']} {(column.scale or 0) + 1}")
    return parts


def full_headings(codebook: Codebook, language: str) -> dict[str, str]:
    """Full and abbreviated headings in one language -> code heading (normalised spaces)."""
    mapping: dict[str, str] = {}
    for heading, code in METADATA_HEADINGS.get(language, {}).items():
        mapping[_normal(heading)] = code
    for column in codebook.columns():
        parts = _column_parts(column, codebook, language)
        if parts is None:
            continue
        full = parts[0] + "".join(
            (" " if i == 1 else "") + f"[{p}]" for i, p in enumerate(parts[1:], start=1)
        )
        short = _abbreviate(parts[0]) + "".join(
            (" " if i == 1 else "") + f"[{_abbreviate(p)}]" for i, p in enumerate(parts[1:], start=1)
        )
        mapping.setdefault(_normal(full), column.heading)
        mapping.setdefault(_normal(short), column.heading)
    return mapping


def _normal(heading: str) -> str:
    return _SPACE.sub(" ", heading).strip()


def database_names(codebook: Codebook) -> dict[str, str]:
    """LimeSurvey 3-6 database field names (``<sid>X<gid>X<qid>...``) -> code heading."""
    names: dict[str, str] = {}
    for column in codebook.columns():
        question = codebook[column.question]
        stem = f"{codebook.survey_id}X{question.group_id}X{question.qid}"
        if column.subquestion is None:
            names[stem] = column.heading
        elif column.kind == "rank" or column.subquestion in {"other", "comment"}:
            names[stem + column.subquestion] = column.heading
        elif question.type == "1":
            names[f"{stem}{column.subquestion}#{column.scale or 0}"] = column.heading
        elif column.kind == "other":  # P: <SQ>comment
            names[f"{stem}{column.subquestion}comment"] = column.heading
        else:
            names[stem + column.subquestion] = column.heading
    return names


def ls7_names(codebook: Codebook) -> dict[str, str]:
    """LimeSurvey 7 field names (``Q<qid>``, ``Q<qid>_S<sqid>``) -> code heading.

    Ranking columns have no subquestion id in a LimeSurvey 3-6 structure and are not mapped.
    """
    names: dict[str, str] = {}
    for column in codebook.columns():
        question = codebook[column.question]
        stem = f"Q{question.qid}"
        if column.subquestion is None:
            names[stem] = column.heading
        elif column.subquestion in {"other", "comment"}:
            names[stem + column.subquestion] = column.heading
            names[f"{stem}_C{column.subquestion}"] = column.heading
        elif column.kind == "rank":
            continue
        else:
            sub = next((s for s in question.subquestions if s.code == column.subquestion), None)
            if sub is None:
                continue
            if question.type == "1":
                names[f"{stem}_S{sub.qid}#{column.scale or 0}"] = column.heading
            elif column.kind == "other":
                names[f"{stem}_S{sub.qid}comment"] = column.heading
                names[f"{stem}_S{sub.qid}_Ccomment"] = column.heading
            else:
                names[f"{stem}_S{sub.qid}"] = column.heading
    return names


def statistics_names(codebook: Codebook) -> dict[str, str]:
    """SPSS/Stata/R variable names (``SECTOR_other``, ``NEEDURG_SQ001_1``) -> code heading."""
    names = {m: m for m in METADATA}
    for column in codebook.columns():
        names[re.sub(r"\]?\[", "_", column.heading).rstrip("]")] = column.heading
    return names


def check_unique(header: list[str], path: str | Path, line: int = 1) -> None:
    """Duplicate headings are an error, never silently renamed."""
    seen: set[str] = set()
    for heading in header:
        if heading in seen:
            raise InputError(
                f"the heading {heading!r} appears twice; every column must be unique",
                file=path, line=line,
            )
        seen.add(heading)


def _is_time(heading: str) -> bool:
    return heading.lower().endswith("time")


def map_headings(
    header: list[str], codebook: Codebook, *, path: str | Path, language: str | None = None,
    statistics: bool = False,
) -> HeadingMap:
    """The code heading of every column of an export, whatever heading style it was written in.

    Parameters
    ----------
    header
        The file's headings, in file order (already checked to be unique).
    codebook
        The survey's structure: the only source of names and texts.
    path
        The file, for error messages.
    language
        Language of full-text headings; ``None``: the one codebook language whose texts match
        every heading (an error when none or several match).
    statistics
        The file comes from a statistics package (SPSS, Stata): names use ``_`` for brackets.
    """
    codes = {c.heading for c in codebook.columns()} | set(METADATA)
    if all(h in codes or _is_time(h) for h in header):
        return HeadingMap(list(header), "code")
    candidates: list[tuple[str, dict[str, str]]] = []
    if statistics:
        candidates.append(("statistics", statistics_names(codebook)))
    candidates += [("database", database_names(codebook)), ("ls7", ls7_names(codebook))]
    for kind, names in candidates:
        names = names | {m: m for m in METADATA}
        if all(h in names for h in header):
            return _unique(HeadingMap([names[h] for h in header], kind), header, path)
    languages = [language] if language else list(codebook.languages)
    if language and language not in codebook.languages:
        raise InputError(
            f"language {language!r} is not a language of survey {codebook.survey_id} "
            f"({', '.join(codebook.languages)})",
            file=path,
        )
    matches: list[tuple[str, list[str]]] = []
    best: tuple[int, str, list[str]] | None = None
    for lang in languages:
        texts = full_headings(codebook, lang)
        found = [texts.get(_normal(h)) or (h if h in codes else None) for h in header]
        unknown = [h for h, code in zip(header, found, strict=True) if code is None]
        if not unknown:
            matches.append((lang, [c for c in found if c is not None]))
        elif best is None or len(unknown) < best[0]:
            best = (len(unknown), lang, unknown)
    if len(matches) == 1:
        lang, mapped = matches[0]
        return _unique(HeadingMap(mapped, "text", lang), header, path)
    if len(matches) > 1:
        raise InputError(
            f"the headings match the texts of several survey languages "
            f"({', '.join(m[0] for m in matches)}); declare language: for this file",
            file=path, line=1,
        )
    assert best is not None
    shown = ", ".join(repr(h) for h in best[2][:8])
    more = f" and {len(best[2]) - 8} more" if len(best[2]) > 8 else ""
    raise InputError(
        f"columns not in the survey structure: {shown}{more} (closest language: {best[1]}); "
        f"is the structure file (.lss) the one of this survey? The safest export has code "
        f"headings and answer codes",
        file=path, line=1,
    )


def _unique(mapped: HeadingMap, header: list[str], path: str | Path) -> HeadingMap:
    seen: dict[str, str] = {}
    for source, code in zip(header, mapped.headings, strict=True):
        if code in seen:
            raise InputError(
                f"the headings {seen[code]!r} and {source!r} are both column {code}; every column "
                f"must be unique",
                file=path, line=1, column=code,
            )
        seen[code] = source
    return mapped
