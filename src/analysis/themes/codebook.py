"""The theme codebook of a survey: what each theme is called and which words find it.

A theme has an ``id``, a label per language, patterns per language (a word or a phrase, matched
on lemmas; a trailing ``*`` on a word matches any word starting so) and the skills it names.
Every skill of the survey's catalogue seeds a theme ``skill:<skill_id>`` whose patterns are the
skill's labels in each language (the codebook of the survey, then the config's
``translations``); the survey's codebook file (``config/themes/<survey>.yml``, see
docs/themes.md) adds themes and overrides seeded ones by id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd
import yaml
from pydantic import Field, ValidationError, field_validator

from analysis.config.base import StrictModel, check_language_codes, read_yaml
from analysis.errors import ConfigError

__all__ = [
    "SKILL_PREFIX",
    "Theme",
    "ThemeCodebook",
    "codebook_yaml",
    "label_patterns",
    "load_theme_codebook",
    "read_codebook_file",
    "skill_themes",
]

#: Seeded themes are called ``skill:<skill_id>``.
SKILL_PREFIX = "skill:"
_THEME_ID = re.compile(r"[a-z][a-z0-9_]*(:[a-z][a-z0-9_]*)?")


class Theme(StrictModel):
    """One theme: labels and patterns per language, and the skills it links text to."""

    id: str
    labels: dict[str, str] = {}
    patterns: dict[str, tuple[str, ...]] = {}
    skills: tuple[str, ...] = ()

    @field_validator("id")
    @classmethod
    def _identifier(cls, value: str) -> str:
        if not _THEME_ID.fullmatch(value):
            raise ValueError(
                f"theme id {value!r} must be lower-case letters, digits and _ (optionally prefix:name)"
            )
        return value

    @field_validator("labels", "patterns")
    @classmethod
    def _languages(cls, value: dict) -> dict:
        return check_language_codes(value)

    @field_validator("patterns")
    @classmethod
    def _terms(cls, value: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
        for lang, terms in value.items():
            for term in terms:
                words = term.split()
                if not words:
                    raise ValueError(f"patterns.{lang}: an empty term")
                bad = [w for w in words if w == "*" or "*" in w[:-1]]
                if bad:
                    raise ValueError(
                        f"patterns.{lang}: {term!r}: a * may only end a word that has letters before it"
                    )
        return value

    def label(self, lang: str, base: str = "en") -> str:
        """The theme's label in ``lang``, else in ``base``, else any, else its id."""
        return self.labels.get(lang) or self.labels.get(base) or next(iter(self.labels.values()), self.id)


class _CodebookFile(StrictModel):
    seed_skills: bool = Field(True, description="a theme per skill of the catalogue (skill:<id>)")
    themes: tuple[Theme, ...] = ()


class ThemeCodebook(StrictModel):
    """The themes a survey's texts are coded with (seeded skill themes first, then the file's)."""

    themes: tuple[Theme, ...]
    source: Path | None = None

    @property
    def ids(self) -> tuple[str, ...]:
        """Theme ids in order."""
        return tuple(theme.id for theme in self.themes)

    def __getitem__(self, theme_id: str) -> Theme:
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)

    @property
    def languages(self) -> tuple[str, ...]:
        """Every language some theme has patterns in, sorted."""
        return tuple(sorted({lang for theme in self.themes for lang in theme.patterns}))


def read_codebook_file(path: Path, skill_ids: Sequence[str] | None = None) -> _CodebookFile:
    """A theme codebook file, validated; errors name the file, the theme and what was expected.

    Raises
    ------
    ConfigError
        For an unreadable file, invalid YAML, an unknown setting, a bad theme id, pattern or
        language code, a theme id given twice, or a skill the catalogue does not have.
    """
    data = read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: expected a mapping with `themes:` (a list of themes), got {type(data).__name__}"
        )
    try:
        parsed = _CodebookFile.model_validate(data)
    except ValidationError as error:
        raise ConfigError(_explain(path, data, error)) from None
    seen: set[str] = set()
    for theme in parsed.themes:
        if theme.id in seen:
            raise ConfigError(f"{path}: theme {theme.id}: given twice; each theme id once")
        seen.add(theme.id)
        if skill_ids is not None:
            unknown = [s for s in theme.skills if s not in skill_ids]
            if unknown:
                raise ConfigError(
                    f"{path}: theme {theme.id}: skills {unknown} are not in the survey's skill "
                    f"catalogue (expected one of: {', '.join(skill_ids)})"
                )
        if not theme.patterns:
            raise ConfigError(
                f"{path}: theme {theme.id}: no patterns; expected `patterns: {{lang: [word or phrase, ...]}}`"
            )
    return parsed


def _explain(path: Path, data: dict, error: ValidationError) -> str:
    lines = [f"{path}: the theme codebook is not valid:"]
    themes = data.get("themes") if isinstance(data.get("themes"), list) else []
    for problem in error.errors():
        loc = list(problem["loc"])
        where = ".".join(str(part) for part in loc) or "(top level)"
        if len(loc) >= 2 and loc[0] == "themes" and isinstance(loc[1], int) and loc[1] < len(themes):
            entry = themes[loc[1]]
            name = entry.get("id") if isinstance(entry, dict) else None
            rest = ".".join(str(part) for part in loc[2:])
            where = f"theme {name or '#' + str(loc[1] + 1)}" + (f", {rest}" if rest else "")
        message = problem["msg"].removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "unknown setting (expected id, labels, patterns, skills; docs/themes.md)"
        lines.append(f"  - {where}: {message}")
    return "\n".join(lines)


def label_patterns(label: str) -> tuple[str, ...]:
    """The phrases a skill label stands for: its parts around ``/`` and inside parentheses.

    >>> label_patterns("Life cycle assessment (LCA)")
    ('life cycle assessment', 'lca')
    >>> label_patterns("Circular design / eco-design")
    ('circular design', 'eco-design')
    """
    inner = re.findall(r"\(([^)]*)\)", label)
    outer = re.sub(r"\([^)]*\)", " ", label)
    parts = [p for chunk in (outer, *inner) for p in re.split(r"\s*/\s*|,", chunk)]
    cleaned = [" ".join(p.lower().split()) for p in parts]
    return tuple(dict.fromkeys(p for p in cleaned if p))


def skill_themes(skill_labels: Mapping[str, Mapping[str, str]]) -> tuple[Theme, ...]:
    """A theme ``skill:<id>`` per skill: its labels, and the labels' phrases as patterns.

    ``skill_labels`` is skill id -> language -> label.
    """
    themes = []
    for skill_id, labels in skill_labels.items():
        labels = {lang: text for lang, text in labels.items() if text}
        themes.append(
            Theme(
                id=f"{SKILL_PREFIX}{skill_id}",
                labels=dict(labels),
                patterns={
                    lang: label_patterns(text) for lang, text in labels.items() if label_patterns(text)
                },
                skills=(skill_id,),
            )
        )
    return tuple(themes)


def skill_label_table(
    codebook: pd.DataFrame, skills: pd.DataFrame, question: str, translations: Mapping[str, Mapping[str, str]]
) -> dict[str, dict[str, str]]:
    """Skill id -> language -> label, from the survey's codebook and the config's translations.

    ``codebook`` is ``codebook.csv`` (question, item, code, language, label), ``skills`` is
    ``skills.csv`` (code, skill_id, label), ``question`` the importance battery, ``translations``
    language -> subquestion code -> label (where the codebook lacks a language).
    """
    rows = codebook[(codebook["question"] == question) & (codebook["item"] == "subquestion")]
    by_code: dict[str, dict[str, str]] = {}
    for lang, subquestions in translations.items():
        for code, label in subquestions.items():
            by_code.setdefault(code, {})[lang] = label
    for code, lang, label in zip(rows["code"], rows["language"], rows["label"], strict=True):
        if label:
            by_code.setdefault(code, {})[lang] = label
    out: dict[str, dict[str, str]] = {}
    for code, skill_id, label in zip(skills["code"], skills["skill_id"], skills["label"], strict=True):
        labels = dict(sorted(by_code.get(code, {}).items()))
        if label and not labels:
            labels = {"en": label}
        out[skill_id] = labels
    return out


def load_theme_codebook(
    path: Path | None,
    skill_labels: Mapping[str, Mapping[str, str]],
) -> ThemeCodebook:
    """The survey's themes: the seeded skill themes, then the file's (same id: the file's wins).

    ``path`` None or a file that does not exist gives the seeded themes alone.
    """
    seeded = skill_themes(skill_labels)
    if path is None or not Path(path).is_file():
        return ThemeCodebook(themes=seeded, source=None)
    parsed = read_codebook_file(Path(path), tuple(skill_labels))
    own = {theme.id: theme for theme in parsed.themes}
    themes = [own.pop(theme.id, theme) for theme in seeded] if parsed.seed_skills else []
    themes += list(own.values())
    return ThemeCodebook(themes=tuple(themes), source=Path(path))


def codebook_yaml(survey: str, skill_labels: Mapping[str, Mapping[str, str]]) -> str:
    """A starting codebook for the analyst: an example theme, and the seeded skill themes to edit."""
    seeded = skill_themes(skill_labels)
    head = (
        f"# Theme codebook of the survey {survey} (docs/themes.md).\n"
        "# Each theme: id, labels per language, patterns per language (a word or a phrase, matched\n"
        "# on lemmas, so 'heat pump' finds 'heat pumps'; end a word with * to match any ending),\n"
        "# and the skills (skill ids of the catalogue) it names. Every skill of the catalogue is a\n"
        "# theme skill:<id> already (seed_skills); a theme below with the same id replaces it.\n"
        "seed_skills: true\n"
    )
    example = {
        "id": "example_theme",
        "labels": {"en": "An example theme: rename it, or delete it"},
        "patterns": {"en": ["example phrase", "exampl*"]},
    }
    body = [example] + [
        {
            "id": t.id,
            "labels": dict(t.labels),
            "patterns": {k: list(v) for k, v in t.patterns.items()},
            "skills": list(t.skills),
        }
        for t in seeded
    ]
    return head + yaml.safe_dump({"themes": body}, allow_unicode=True, sort_keys=False, width=100)
