"""Interview notes: read a survey's folder of notes, one segment per paragraph, redacted.

A survey config's ``interviews:`` folder holds one file per interview: ``.txt`` or ``.md`` (UTF-8)
or ``.docx`` (read as the zip of XML parts it is, no Word library). Each note's metadata (partner,
sector, respondent type, language, date, and ``people:``, the names of the people it mentions)
comes from a header at the top of the file (YAML front matter between ``---`` lines, every value
read as written: ``NO`` is Norway, not false; or
``Key: value`` lines up to the first blank line) or from a sidecar ``<stem>.yml``. Partner, sector
and respondent type must be answer codes of the survey's own questions, so that notes are scoped
like the respondents.

Texts pass the open answers' redaction (:func:`analysis.clean.text.redact`: e-mail addresses and
phone numbers) and then the names of the survey's participants (the ``firstname``/``lastname``
columns of the raw export) and of the note's ``people:`` become ``[name]`` (see :func:`redact_names`
for the rule and its limits). Names are only used to redact: they are never returned or written.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml
from defusedxml import ElementTree
from simplemma import is_known

from analysis.clean.text import normalise_text, redact
from analysis.config.base import LANGUAGE_CODE
from analysis.errors import ConfigError, InputError

if TYPE_CHECKING:
    from analysis.codebook import Codebook
    from analysis.config import SurveyConfig
    from analysis.ingest import RawSurvey

__all__ = [
    "INTERVIEW_FORMATS",
    "METADATA_KEYS",
    "NAME_PLACEHOLDER",
    "SEGMENT_COLUMNS",
    "NameList",
    "participant_names",
    "parse_docx",
    "read_interviews",
    "read_note",
    "redact_names",
]

#: The columns of a segment (the unit the themes are coded on), open answers and interviews alike.
SEGMENT_COLUMNS = (
    "source", "source_id", "question", "language", "text", "partner", "sector", "respondent_type", "date",
)
INTERVIEW_FORMATS = (".txt", ".md", ".docx")
SIDECAR_SUFFIXES = (".yml", ".yaml")
#: Metadata keys of a note; ``respondent type`` (with a space or a hyphen) is read as ``respondent_type``.
METADATA_KEYS = ("partner", "sector", "respondent_type", "language", "date", "people")
NAME_PLACEHOLDER = "[name]"
#: A name part shorter than this is never redacted on its own (only within a full name).
MIN_PART_LENGTH = 3

_WORD = r"[^\W\d_]"
_KEY_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z _-]*?)\s*:\s*(.*?)\s*$")
_MD_BLOCK = re.compile(r"^\s*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+|>\s?)")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


# --- names ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameList:
    """Names to redact: full names, and the parts that may be redacted alone.

    ``full`` holds whole names (first and last, either order); ``parts`` single first names and
    surnames of at least :data:`MIN_PART_LENGTH` letters.
    """

    full: tuple[str, ...] = ()
    parts: tuple[str, ...] = ()

    @classmethod
    def from_names(cls, names: Iterable[Sequence[str]]) -> NameList:
        """From names given as their parts (``("Elena", "Testova")`` or ``("Elena Testova",)``)."""
        full: set[str] = set()
        parts: set[str] = set()
        for name in names:
            tokens = [t for part in name if isinstance(part, str) for t in normalise_text(part).split()]
            tokens = [t.strip(",;") for t in tokens if t.strip(",;")]
            if not tokens:
                continue
            if len(tokens) > 1:
                full.add(" ".join(tokens))
                full.add(" ".join([*tokens[1:], tokens[0]]))  # "Testova Elena": surname first
                full.add(f"{' '.join(tokens[1:])}, {tokens[0]}")  # "Testova, Elena"
            parts.update(t for t in tokens if sum(ch.isalpha() for ch in t) >= MIN_PART_LENGTH)
        return cls(tuple(sorted(full, key=lambda n: (-len(n), n))), tuple(sorted(parts)))

    def __add__(self, other: NameList) -> NameList:
        full = set(self.full) | set(other.full)
        return NameList(tuple(sorted(full, key=lambda n: (-len(n), n))),
                        tuple(sorted(set(self.parts) | set(other.parts))))

    def __bool__(self) -> bool:
        return bool(self.full or self.parts)


def _name_pattern(name: str) -> str:
    """A name as a regex: its spaces match any run of white space, whole words only."""
    body = r"\s+".join(re.escape(word) for word in name.split())
    return rf"(?<!\w){body}(?!\w)"


@functools.lru_cache(maxsize=4096)
def _distinctive(part: str, language: str) -> bool:
    """A name part no dictionary of the note's language (or English) knows as a word."""
    word = part.lower()
    languages = dict.fromkeys((language.split("-")[0].lower(), "en"))
    for lang in languages:
        try:
            if is_known(word, lang=lang):
                return False
        except ValueError:  # a language simplemma has no dictionary for
            continue
    return True


def redact_names(text: str, names: NameList, language: str) -> tuple[str, int]:
    """Names -> ``[name]``: full names, then first names and surnames alone.

    The rule: a full name (first and last name in either order, also ``Last, First``) is replaced
    whatever its case; a first name or surname alone (at least 3 letters) is replaced whatever its
    case when it is distinctive (not a word of the note's language or of English by simplemma's
    dictionaries), and only when written with a capital letter when it is also a word (so the
    surname ``Sample`` goes in "Mr Sample said" and stays in "a sample of firms"). Whole words
    only. Returns the text and the number of names replaced.

    Limits: a name written differently (declined, ``Testovoj``; in another script, ``Тестова``;
    with a typo or a nickname) and a one- or two-letter name alone stay; a capitalised common word
    that is also a participant's name (a sentence starting with "Sample ...") is replaced too.
    """
    if not names:
        return text, 0
    count = 0

    def _sub(pattern: str, flags: int, value: str) -> str:
        nonlocal count
        value, n = re.subn(pattern, NAME_PLACEHOLDER, value, flags=flags)
        count += n
        return value

    if names.full:
        text = _sub("|".join(_name_pattern(n) for n in names.full), re.IGNORECASE, text)
    distinctive = [p for p in names.parts if _distinctive(p, language)]
    common = [p for p in names.parts if p not in set(distinctive)]
    if distinctive:
        text = _sub("|".join(_name_pattern(p) for p in distinctive), re.IGNORECASE, text)
    if common:
        spelled = {s for p in common for s in (p[:1].upper() + p[1:].lower(), p.upper(), p)}
        text = _sub("|".join(_name_pattern(p) for p in sorted(spelled)), 0, text)
    return text, count


def participant_names(responses: pd.DataFrame) -> NameList:
    """The participants' names of a raw export (its ``firstname`` and ``lastname`` columns, if any)."""
    columns = [c for c in ("firstname", "lastname") if c in responses]
    if not columns:
        return NameList()
    pairs = responses[columns].dropna(how="all").drop_duplicates()
    return NameList.from_names(
        [v if isinstance(v, str) else "" for v in row] for row in pairs.itertuples(index=False)
    )


# --- reading one note -----------------------------------------------------------------------------


def parse_docx(path: Path) -> list[str]:
    """The paragraphs of a Word ``.docx`` (``word/document.xml``), in order, empty ones kept.

    Runs' text is joined; tabs become a tab, line breaks a space; deleted text (tracked changes),
    comments, headers, footers and footnotes are not read.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            data = archive.read("word/document.xml")
    except zipfile.BadZipFile:
        raise InputError("not a Word .docx file (not a zip archive); save it again as .docx",
                         file=path) from None
    except KeyError:
        raise InputError("not a Word .docx file (no word/document.xml inside); save it again as "
                         ".docx", file=path) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=path) from None
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise InputError(f"word/document.xml is not well-formed XML ({error}); save it again as .docx",
                         file=path) from None
    except Exception as error:  # defusedxml refuses entities and external references
        raise InputError(f"word/document.xml cannot be read safely ({type(error).__name__})",
                         file=path) from None
    paragraphs = []
    for paragraph in root.iter(f"{_W}p"):
        pieces = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t":
                pieces.append(node.text or "")
            elif node.tag == f"{_W}tab":
                pieces.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                pieces.append(" ")
        paragraphs.append("".join(pieces))
    return paragraphs


def _read_lines(path: Path) -> list[str]:
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return parse_docx(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror}", file=path) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            f"not UTF-8 (byte 0x{data[error.start]:02x}); save the note as UTF-8 (in most editors: "
            f"Save as / Encoding: UTF-8)", file=path, line=line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _key(raw: Any, path: Path, line: int | None = None) -> str:
    key = re.sub(r"[\s-]+", "_", str(raw).strip().lower())
    if key not in METADATA_KEYS:
        raise InputError(
            f"unknown metadata key {str(raw)!r}; the keys are {', '.join(METADATA_KEYS)}",
            file=path, line=line,
        )
    return key


def _header(lines: list[str], path: Path) -> tuple[dict[str, Any], int]:
    """The note's own metadata and the index of its first body line."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return {}, len(lines)
    if lines[first].strip() == "---":
        end = next((i for i in range(first + 1, len(lines)) if lines[i].strip() in ("---", "...")), None)
        if end is None:
            raise InputError(
                "the metadata header opened with '---' is never closed: end it with a line '---'",
                file=path, line=first + 1,
            )
        try:
            data = yaml.load("\n".join(lines[first + 1 : end]), Loader=yaml.BaseLoader) or {}
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            line = first + 2 + mark.line if mark is not None else first + 1
            raise InputError(f"the metadata header is not valid YAML ({getattr(error, 'problem', error)})",
                             file=path, line=line) from None
        if not isinstance(data, dict):
            raise InputError("the metadata header must be 'key: value' lines (partner: ..., language: ...)",
                             file=path, line=first + 1)
        return {_key(k, path, first + 1): v for k, v in data.items()}, end + 1
    match = _KEY_LINE.match(lines[first])
    if not match or re.sub(r"[\s-]+", "_", match.group(1).strip().lower()) not in METADATA_KEYS:
        return {}, first
    meta: dict[str, Any] = {}
    index = first
    while index < len(lines) and lines[index].strip():
        match = _KEY_LINE.match(lines[index])
        if not match:
            raise InputError(
                "a line of the metadata header is not 'Key: value' (end the header with a blank line)",
                file=path, line=index + 1,
            )
        key = _key(match.group(1), path, index + 1)
        value: Any = match.group(2)
        if key == "people":
            value = [p.strip() for p in re.split(r"[;,]", value) if p.strip()]
        meta[key] = value
        index += 1
    return meta, index


def _sidecar(path: Path) -> dict[str, Any]:
    for suffix in SIDECAR_SUFFIXES:
        sidecar = path.with_suffix(suffix)
        if sidecar.is_file():
            try:
                data = yaml.load(sidecar.read_text(encoding="utf-8-sig"), Loader=yaml.BaseLoader) or {}
            except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
                raise InputError(f"cannot read the metadata ({type(error).__name__}: {error})",
                                 file=sidecar) from None
            if not isinstance(data, dict):
                raise InputError("the metadata must be 'key: value' lines (partner: ..., language: ...)",
                                 file=sidecar)
            return {_key(k, sidecar): v for k, v in data.items()}
    return {}


def _paragraphs(lines: list[str], start: int, one_per_line: bool, markdown: bool) -> list[str]:
    """Body paragraphs: a .docx paragraph each; in text, blocks between blank lines (a Markdown
    heading, list item or quote line starts its own paragraph, its marker dropped)."""
    paragraphs: list[str] = []
    block: list[str] = []
    for line in lines[start:]:
        if markdown and _MD_BLOCK.match(line):
            if block:
                paragraphs.append(" ".join(block))
            block = [_MD_BLOCK.sub("", line, count=1).strip()]
            continue
        if not line.strip() or one_per_line:
            if block:
                paragraphs.append(" ".join(block))
            block = [line.strip()] if line.strip() else []
            continue
        block.append(line.strip())
    if block:
        paragraphs.append(" ".join(block))
    return [normalise_text(re.sub(r"[ \t]+", " ", p)) for p in paragraphs if p.strip()]


def read_note(path: Path) -> tuple[dict[str, Any], list[str]]:
    """A note's metadata (header and sidecar together) and its paragraphs, not yet redacted.

    Raises
    ------
    InputError
        A file in another format, unreadable, or with a header that is not ``key: value`` lines.
    """
    suffix = path.suffix.lower()
    if suffix not in INTERVIEW_FORMATS:
        raise InputError(
            f"interview notes must be {', '.join(INTERVIEW_FORMATS)} files (metadata: a "
            f"<name>.yml beside the note); save this one as .docx or .txt",
            file=path,
        )
    lines = _read_lines(path)
    meta, start = _header(lines, path)
    sidecar = _sidecar(path)
    for key in sorted(set(meta) & set(sidecar)):
        if meta[key] != sidecar[key]:
            raise InputError(
                f"{key} is given both in the note's header and in {path.with_suffix('.yml').name} "
                f"(or .yaml), differently: give it once",
                file=path,
            )
    return {**sidecar, **meta}, _paragraphs(lines, start, suffix == ".docx", suffix == ".md")


# --- metadata checks ------------------------------------------------------------------------------


def _allowed_codes(config: SurveyConfig, codebook: Codebook) -> dict[str, tuple[str, list[str] | None]]:
    """Metadata key -> (question code, its answer codes; None when any value is accepted)."""
    fields = {"partner": config.cleaning.partner_field or None, "sector": "sector",
              "respondent_type": "respondent_type"}
    out: dict[str, tuple[str, list[str] | None]] = {}
    for key, field in fields.items():
        if field is None:  # partners are the response files: no codes to check
            out[key] = ("", None)
            continue
        question = config.profile.get(field, field if key == "partner" else None)
        if question is None:
            continue
        if question not in codebook:  # a participant attribute: free text
            out[key] = (question, None)
            continue
        codes = codebook[question].answer_codes()
        out[key] = (question, codes or None)
    return out


def _check_meta(
    meta: dict[str, Any], path: Path, allowed: Mapping[str, tuple[str, list[str] | None]], base: str
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("partner", "sector", "respondent_type"):
        value = meta.get(key)
        if value is None or str(value).strip() == "":
            out[key] = pd.NA
            continue
        value = str(value).strip()
        if key not in allowed:
            raise InputError(
                f"{key} {value!r}: the survey has no {key} profile field to check it against; leave "
                f"{key} out (or add it to the survey config's profile)",
                file=path,
            )
        question, codes = allowed[key]
        if codes is not None and value not in codes:
            upper = {c.upper(): c for c in codes}
            if value.upper() not in upper:
                raise InputError(
                    f"{key} {value!r} is not an answer code of {question} ({', '.join(codes)})",
                    file=path,
                )
            value = upper[value.upper()]
        out[key] = value
    language = meta.get("language")
    language = base if language is None or str(language).strip() == "" else str(language).strip()
    if not LANGUAGE_CODE.fullmatch(language.lower()):
        raise InputError(f"language {language!r} is not a language code (bg, en, es, it, ...)", file=path)
    language = language.lower()
    out["language"] = language
    date = meta.get("date")
    if date is None or str(date).strip() == "":
        out["date"] = pd.NA
    else:
        if isinstance(date, dt.datetime):
            date = date.date()
        text = date.isoformat() if isinstance(date, dt.date) else str(date).strip()
        try:
            dt.date.fromisoformat(text)
        except ValueError:
            raise InputError(f"date {text!r} is not a date written YYYY-MM-DD", file=path) from None
        out["date"] = text
    people = meta.get("people") or []
    if isinstance(people, str):
        people = [p for p in re.split(r"[;,]", people) if p.strip()]
    if not isinstance(people, list) or not all(isinstance(p, str) for p in people):
        raise InputError("people must be a list of names (people: [Name Surname, ...])", file=path)
    out["people"] = people
    return out


# --- the folder -----------------------------------------------------------------------------------


def _note_files(folder: Path) -> list[Path]:
    """The notes of a folder: every file but sidecars, hidden files and Word's ``~$`` lock files."""
    notes = []
    for path in sorted(folder.iterdir()):
        if not path.is_file() or path.name.startswith((".", "~$")) or path.name.lower() == "readme.md":
            continue
        if path.suffix.lower() in SIDECAR_SUFFIXES:
            if not any(path.with_suffix(s).is_file() for s in INTERVIEW_FORMATS):
                raise InputError("metadata file without a note of the same name (.txt, .md or .docx)",
                                 file=path)
            continue
        notes.append(path)
    return notes


def read_interviews(config: SurveyConfig, raw: RawSurvey | None = None) -> pd.DataFrame:
    """A survey's interview notes as segments, one row per paragraph, redacted.

    Columns :data:`SEGMENT_COLUMNS`: ``source`` is ``"interview"``, ``source_id`` the file's stem,
    ``question`` empty; ``language`` from the note's metadata (else the survey's base language);
    partner, sector, respondent_type and date from the metadata (missing: ``<NA>``). No rows (the
    same columns) when the config names no ``interviews`` folder.

    ``raw`` is the survey as ingested (its codebook checks the codes, its participants' names are
    redacted); without it the survey is ingested here.

    Raises
    ------
    ConfigError
        When the ``interviews`` folder does not exist.
    InputError
        Naming the note (and line): a file in another format or unreadable, a header that is not
        ``key: value`` lines, a code that is not an answer of the survey's question, a file name
        holding a person's name.
    """
    empty = pd.DataFrame({c: pd.Series(dtype="string") for c in SEGMENT_COLUMNS})
    if config.interviews is None:
        return empty
    folder = config.path(config.interviews)
    if not folder.is_dir():
        raise ConfigError(f"{config.config_path}: interviews: folder {folder} does not exist")
    if raw is None:
        from analysis.ingest import ingest

        raw = ingest(config)
    participants = participant_names(raw.responses)
    allowed = _allowed_codes(config, raw.codebook)
    rows = []
    for path in _note_files(folder):
        meta, paragraphs = read_note(path)
        meta = _check_meta(meta, path, allowed, raw.codebook.base_language)
        names = participants + NameList.from_names(p.split() for p in meta["people"])
        stem = normalise_text(path.stem)
        if redact_names(stem.replace("_", " ").replace("-", " "), names, meta["language"])[1]:
            raise InputError(
                "the file name holds the name of a participant or of a person in its people: "
                "list; rename the note (e.g. <partner>_<number>), its name becomes the segment id",
                file=path,
            )
        for paragraph in paragraphs:
            text = redact(paragraph)[0]
            text = redact_names(text, names, meta["language"])[0]
            rows.append({
                "source": "interview", "source_id": stem, "question": "", "language": meta["language"],
                "text": text, "partner": meta["partner"], "sector": meta["sector"],
                "respondent_type": meta["respondent_type"], "date": meta["date"],
            })
    if not rows:
        return empty
    return pd.DataFrame(rows, columns=list(SEGMENT_COLUMNS)).astype("string")
