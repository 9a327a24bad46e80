"""Map the column headings of any response export to LimeSurvey code headings.

LimeSurvey names one response column in several ways, and partners send all of them:

- **code headings** (``IMPORT[SQ001]``, ``NEEDURG[SQ001][1]``, ``SECTOR[other]``, ``RANKMC[1]``), the
  canonical form, as :meth:`Codebook.columns` names them;
- **full** and **abbreviated** headings ("question text [subquestion text][Scale 1]", cut to 15
  characters plus ".. " when abbreviated), in the export's language: even the fixed, timing and
  participant columns are translated ("ID на отговора", "Fecha de envío", "Вкупно време"). A whole
  export is mapped by position against LimeSurvey's fieldmap (:meth:`Codebook.fieldmap`), each
  question column checked against its texts; LimeSurvey's own words are accepted where they stand;
- **timings** (``interviewtime``, ``groupTime<gid>``, ``<code>Time``) and **participant fields**
  (``token``, ``firstname``, ``attribute_1``) under their code names in every style;
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

from analysis.codebook import FIXED_COLUMNS, TOKEN_TABLE_COLUMNS, Codebook, Column
from analysis.errors import InputError

__all__ = [
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
METADATA = FIXED_COLUMNS

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


#: Stands for one of LimeSurvey's own words in a bracket ("Other", "Comment", "Scale 1", "Rank 2"),
#: which it translates into the export's language: matched as any bracket text.
_WORD = "\x00"


def _column_parts(column: Column, codebook: Codebook, language: str) -> list[str]:
    """Question text and bracketed parts of one column's full heading (``_WORD`` for LimeSurvey's).

    As ``Writer::getHeadingText`` and ``viewHelper::getFieldText`` build it from the fieldmap
    (application/helpers/admin/export/Writer.php): the question text, then ``[subquestion]``,
    then LimeSurvey's words for scale, comment, "other" and rank.
    """
    question = codebook[column.question]
    text = flatten(question.texts.get(language, ""))
    if column.kind == "rank" or column.subquestion in {"other", "comment", "othercomment"}:
        return [text, _WORD]
    if column.subquestion is None:
        return [text]
    sub = next((s for s in question.subquestions if s.code == column.subquestion), None)
    label = flatten(sub.labels.get(language, "")) if sub is not None else _WORD
    if question.type == "1" or column.kind == "other":  # [sub][Scale n], P: [sub][Comment]
        return [text, label, _WORD]
    return [text, label]


def _pattern(parts: list[str], length: int | None) -> str:
    """Regular expression of one heading, full (``length`` None) or abbreviated."""
    def cut(part: str) -> str:
        return part if length is None else _abbreviate(part, length)

    head = re.escape(_normal(cut(parts[0])))
    brackets = "".join(
        r"\[[^\]]*\]" if p == _WORD else r"\[" + re.escape(_normal(cut(p))) + r"\]" for p in parts[1:]
    )
    return head + (r" ?" + brackets if brackets else "")


class _Texts:
    """Heading patterns of every question column in one language (full and abbreviated)."""

    def __init__(self, codebook: Codebook, language: str) -> None:
        self.language = language
        self.columns = codebook.columns()
        self.expected: dict[str, str] = {}
        self.patterns: dict[str, re.Pattern[str]] = {}
        for column in self.columns:
            parts = _column_parts(column, codebook, language)
            shown = parts[0] + "".join(
                (" " if i == 1 else "") + ("[...]" if p == _WORD else f"[{p}]")
                for i, p in enumerate(parts[1:], start=1)
            )
            self.expected[column.heading] = shown
            self.patterns[column.heading] = re.compile(
                f"(?:{_pattern(parts, None)})|(?:{_pattern(parts, 15)})"
            )

    def fits(self, heading: str, column: str) -> bool:
        return self.patterns[column].fullmatch(_normal(heading).replace(" ]", "]")) is not None or (
            self.patterns[column].fullmatch(_normal(heading)) is not None
        )


def full_headings(codebook: Codebook, language: str) -> dict[str, str]:
    """Full headings in one language -> code heading, for columns with no LimeSurvey word."""
    mapping: dict[str, str] = {}
    for heading, code in METADATA_HEADINGS.get(language, {}).items():
        mapping[_normal(heading)] = code
    for column in codebook.columns():
        parts = _column_parts(column, codebook, language)
        if _WORD in parts:
            continue
        full = parts[0] + "".join((" " if i == 1 else "") + f"[{p}]" for i, p in enumerate(parts[1:], 1))
        mapping.setdefault(_normal(full), column.heading)
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
        elif column.kind == "rank" or column.subquestion in {"other", "comment", "othercomment"}:
            names[stem + column.subquestion] = column.heading
        elif question.type == "1":
            names[f"{stem}{column.subquestion}#{column.scale or 0}"] = column.heading
        elif column.kind == "other":  # P: <SQ>comment
            names[f"{stem}{column.subquestion}comment"] = column.heading
        else:
            names[stem + column.subquestion] = column.heading
    # createTimingsFieldMap (LimeSurvey 3-6): <sid>X<gid>time and <sid>X<gid>X<qid>time
    for question in codebook.questions.values():
        names[f"{codebook.survey_id}X{question.group_id}time"] = f"groupTime{question.group_id}"
        names[f"{codebook.survey_id}X{question.group_id}X{question.qid}time"] = f"{question.code}Time"
    return names | extra_names(codebook)


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
        elif column.subquestion in {"other", "comment", "othercomment"}:
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
    # createTimingsFieldMap (LimeSurvey 7): G<gid>time and Q<qid>time
    for question in codebook.questions.values():
        names[f"G{question.group_id}time"] = f"groupTime{question.group_id}"
        names[f"Q{question.qid}time"] = f"{question.code}Time"
    return names | extra_names(codebook)


def statistics_names(codebook: Codebook) -> dict[str, str]:
    """SPSS/Stata/R variable names (``SECTOR_other``, ``NEEDURG_SQ001_1``) -> code heading."""
    names = {m: m for m in METADATA}
    for column in codebook.columns():
        names[re.sub(r"\]?\[", "_", column.heading).rstrip("]")] = column.heading
    return names | extra_names(codebook)


def extra_names(codebook: Codebook) -> dict[str, str]:
    """Fixed, timing and participant columns under their code headings (the same in every style).

    Timings: ``interviewtime``, ``groupTime<gid>``, ``<code>Time`` (the ``title`` of
    ``createTimingsFieldMap``). Participant columns: the token table's own names (``firstname``,
    ``attribute_1``, ...), which the export writes as code headings (``Writer::getHeadingCode``).
    """
    names = {m: m for m in METADATA}
    names |= {f.heading: f.heading for f in codebook.timing_fields()}
    names |= {f.heading: f.heading for f in codebook.participant_fields()}
    names |= {name: name for name in TOKEN_TABLE_COLUMNS}
    return names


def _participant_name(heading: str) -> bool:
    return re.fullmatch(r"attribute_\d+", heading) is not None


def repeated_heading(header: list[str]) -> tuple[str, int, int] | None:
    """The first heading that appears twice, with both 1-based column numbers; None if none."""
    seen: dict[str, int] = {}
    for position, heading in enumerate(header, start=1):
        if heading in seen:
            return heading, seen[heading], position
        seen[heading] = position
    return None


def check_unique(header: list[str], path: str | Path, line: int = 1) -> None:
    """Repeated headings are an error naming both columns, never silently renamed."""
    repeated = repeated_heading(header)
    if repeated is not None:
        heading, first, second = repeated
        raise InputError(
            f"the heading {heading!r} appears twice (columns {first} and {second}); every column "
            f"must be unique",
            file=path, line=line,
        )


def map_headings(
    header: list[str], codebook: Codebook, *, path: str | Path, language: str | None = None,
    statistics: bool = False,
) -> HeadingMap:
    """The code heading of every column of an export, whatever heading style it was written in.

    Parameters
    ----------
    header
        The file's headings, in file order. A heading may repeat only in a whole export read by
        position against the fieldmap, each place a different column: LimeSurvey's abbreviated
        headings cut every question time to "Question time: .. ". Anywhere else (code,
        database, LimeSurvey 7, SPSS/Stata names, a field selection read by its texts) a repeated
        heading is an error naming both columns.
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
    codes = {c.heading for c in codebook.columns()} | set(extra_names(codebook))
    if all(h in codes or _participant_name(h) for h in header):
        check_unique(header, path)
        return HeadingMap(list(header), "code")
    candidates: list[tuple[str, dict[str, str]]] = []
    if statistics:
        candidates.append(("statistics", statistics_names(codebook)))
    candidates += [("database", database_names(codebook)), ("ls7", ls7_names(codebook))]
    for kind, names in candidates:
        if all(h in names or _participant_name(h) for h in header):
            check_unique(header, path)
            return _unique(HeadingMap([names.get(h, h) for h in header], kind), header, path)
    if language and language not in codebook.languages:
        raise InputError(
            f"language {language!r} is not a language of survey {codebook.survey_id} "
            f"({', '.join(codebook.languages)})",
            file=path,
        )
    languages = [language] if language else list(codebook.languages)
    repeated = repeated_heading(header)
    matches: list[tuple[str, list[str]]] = []
    misfits: list[_Misfit] = []
    for lang in languages:
        texts = _Texts(codebook, lang)
        mapped, misfit = _by_position(header, codebook, texts)
        if mapped is None and repeated is None:
            mapped = _by_text(header, codebook, texts, codes)
        if mapped is not None:
            matches.append((lang, mapped))
        elif misfit is not None:
            misfits.append(misfit)
    if len(matches) == 1:
        lang, headings = matches[0]
        return _unique(HeadingMap(headings, "text", lang), header, path)
    if len(matches) > 1:
        raise InputError(
            f"the headings match the texts of several survey languages "
            f"({', '.join(m[0] for m in matches)}); declare language: for this file",
            file=path, line=1,
        )
    advice = (
        "is the structure file (.lss) the one of this survey? The safest export has code "
        "headings and answer codes"
    )
    best = max(misfits, key=lambda m: m.fitted) if misfits else None
    if repeated is not None:
        heading, first, second = repeated
        by_position = (
            f"; read by position, column {best.position} {best.heading!r} is not the expected "
            f"{best.expected!r} ({best.column}, language {best.language})"
            if best is not None else ""
        )
        raise InputError(
            f"the heading {heading!r} appears twice (columns {first} and {second}); a heading may "
            f"repeat only in an export of every column in LimeSurvey's order, read by position"
            f"{by_position}; {advice}",
            file=path, line=1,
        )
    if best is not None:
        raise InputError(
            f"column {best.position} {best.heading!r} is not in the survey structure: expected "
            f"{best.expected!r} ({best.column}, language {best.language}); {advice}",
            file=path, line=1, column=best.column,
        )
    shown = ", ".join(repr(h) for h in header[:8])
    raise InputError(
        f"columns not in the survey structure: {shown}"
        + (f" and {len(header) - 8} more" if len(header) > 8 else "")
        + f"; {advice}",
        file=path, line=1,
    )


@dataclass(frozen=True)
class _Misfit:
    """The first heading that does not fit the expected column, in one language."""

    position: int  # 1-based
    heading: str
    expected: str
    column: str
    language: str
    fitted: int  # question columns that fitted before it


def _by_position(
    header: list[str], codebook: Codebook, texts: _Texts
) -> tuple[list[str] | None, _Misfit | None]:
    """Map a whole export column by column against LimeSurvey's fieldmap.

    The fixed columns come first (as many as the survey's settings switch on, with or without
    ``token``), then every question column, whose heading must fit its question and subquestion
    texts, then the timings (when the survey saves them) and the participant columns. Fixed,
    timing and participant columns are accepted by position: LimeSurvey writes their headings in
    its own translated words ("Total time", "Group time: ...", "First name").
    """
    questions = [c.heading for c in texts.columns]
    best: _Misfit | None = None
    variants = {len(f): f for f in (codebook.fixed_columns(token=t) for t in (False, True))}
    for start, fixed in variants.items():
        block = header[start : start + len(questions)]
        for offset, (heading, column) in enumerate(zip(block, questions, strict=False)):
            if not texts.fits(heading, column):
                misfit = _Misfit(
                    start + offset + 1, heading, texts.expected[column], column, texts.language, offset
                )
                if best is None or misfit.fitted > best.fitted:
                    best = misfit
                break
        else:
            tail = _tail(header[start + len(questions) :], codebook)
            if len(block) == len(questions) and tail is not None:
                return fixed + questions + tail, None
    return None, best


def _tail(headings: list[str], codebook: Codebook) -> list[str] | None:
    """Timing and participant columns after the questions, by position; None if they do not fit.

    LimeSurvey's export appends ``createTimingsFieldMap`` after the question columns, then the
    participant fields chosen (first name, last name, e-mail, attributes, in that order); a
    participant heading is its field name, its attribute description, or its place in that list.
    """
    out: list[str] = []
    timings = [f.heading for f in codebook.timing_fields()]
    if codebook.saves_timings and len(headings) >= len(timings):
        out += timings
        headings = headings[len(timings) :]
    fields = [f.heading for f in codebook.participant_fields()]
    by_description = {d: name for name, d in codebook.participant_attributes().items()}
    named = [
        h if h in fields or h in TOKEN_TABLE_COLUMNS or _participant_name(h) else by_description.get(h)
        for h in headings
    ]
    if all(n is not None for n in named):
        return out + [n for n in named if n is not None]
    if len(headings) == len(fields):
        return out + fields
    if len(headings) < len(fields) and headings and all(
        n is None or n == f for n, f in zip(named, fields, strict=False)
    ):
        return out + fields[: len(headings)]
    return None


def _by_text(
    header: list[str], codebook: Codebook, texts: _Texts, codes: set[str]
) -> list[str] | None:
    """Map a field selection heading by heading: question columns by their texts, in order.

    For exports of some fields only, where positions say nothing. A heading that fits several
    columns (the scales of a dual-scale array, the ranks of a ranking) takes the first one not
    yet taken, LimeSurvey writing them in order.
    """
    fixed = {_normal(k): v for k, v in METADATA_HEADINGS.get(texts.language, {}).items()}
    taken: set[str] = set()
    out: list[str] = []
    for heading in header:
        if heading in codes:
            code: str | None = heading
        elif _normal(heading) in fixed:
            code = fixed[_normal(heading)]
        else:
            fitting = (c.heading for c in texts.columns if c.heading not in taken)
            code = next((c for c in fitting if texts.fits(heading, c)), None)
        if code is None:
            return None
        taken.add(code)
        out.append(code)
    return out


def _unique(mapped: HeadingMap, header: list[str], path: str | Path) -> HeadingMap:
    """Each column of the file is a different column of the survey."""
    seen: dict[str, int] = {}
    for position, code in enumerate(mapped.headings, start=1):
        if code in seen:
            first = seen[code]
            raise InputError(
                f"columns {first} {header[first - 1]!r} and {position} {header[position - 1]!r} are "
                f"both column {code}; every column must be unique",
                file=path, line=1, column=code,
            )
        seen[code] = position
    return mapped
