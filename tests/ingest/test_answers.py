"""Full ("long") answers in any survey language: LimeSurvey's sourced words, declared words, Other.

The Macedonian, Romanian, Greek and Italian exports are the real Bulgarian and Spanish long exports
with the codebook's texts of that language moved to another language code, and LimeSurvey's own
words swapped where that language writes others: the labels then stand for the language's texts.
"""

from __future__ import annotations

import pandas as pd
import pytest
from codebooks import relabel

from analysis.codebook import Codebook
from analysis.config import LongAnswerWords, ResponseFile
from analysis.errors import InputError
from analysis.ingest.answers import LIMESURVEY_WORDS, long_words
from analysis.ingest.lss import read_lss
from analysis.ingest.responses import read_response_file


@pytest.fixture(scope="module")
def reference(limesurvey_dir) -> Codebook:
    return read_lss(limesurvey_dir / "survey_845123_structure.lss")


@pytest.fixture(scope="module")
def canonical(limesurvey_dir, reference) -> pd.DataFrame:
    return read(limesurvey_dir / "responses_code_short.csv", reference)


def read(path, codebook, **spec) -> pd.DataFrame:
    frame, _ = read_response_file(ResponseFile(path=path, **spec), codebook, default_encoding="utf-8-sig")
    return frame


def same_answers(frame: pd.DataFrame, canonical: pd.DataFrame) -> None:
    columns = [c for c in canonical.columns if c not in ("_file", "_line")]
    pd.testing.assert_frame_equal(
        frame[columns].reset_index(drop=True), canonical[columns].reset_index(drop=True),
        check_dtype=False,
    )


def swap_words(limesurvey_dir, tmp_path, source: str, swaps: dict[str, str], name: str):
    """A real long export with whole cells of LimeSurvey's words replaced (every cell is quoted)."""
    text = (limesurvey_dir / source).read_bytes().decode("utf-8-sig")
    for old, new in swaps.items():
        assert f';"{old}"' in text
        while f';"{old}";' in text:  # neighbouring cells share their ';'
            text = text.replace(f';"{old}";', f';"{new}";')
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return path


def test_sourced_words_are_the_real_exports(limesurvey_dir, reference, canonical):
    # en, bg, es as the real 6.1.8 server wrote them
    for name in ("responses_full_long.csv", "responses_bg_full_long.csv", "responses_es_full_long.csv"):
        same_answers(read(limesurvey_dir / name, reference), canonical)
    assert LIMESURVEY_WORDS["mk"] == {"yes": "Да", "no": "Не", "other": "Друго"}  # LimeSurvey's mk.po


def test_macedonian_long_export_reads_with_limesurveys_words(limesurvey_dir, reference, canonical):
    # Macedonian texts in place of the Bulgarian ones; mk.po has the same Да/Не/Друго as bg
    codebook = relabel(reference, "bg", "mk")
    assert "bg" not in codebook.languages
    frame = read(limesurvey_dir / "responses_bg_full_long.csv", codebook)
    same_answers(frame, canonical)
    assert (frame["SECTOR"] == "-oth-").any() and set(frame["DELIVERY[DF01]"]) == {"Y", ""}


WORDS = {
    "ro": {"Sí": "Da", "No": "Nu", "Otro": "Altele"},
    "el": {"Sí": "Ναι", "No": "Όχι", "Otro": "Άλλο"},
    "it": {"Sí": "Sì", "Otro": "Altro"},
}


@pytest.mark.parametrize("language", ["ro", "el", "it"])
def test_long_export_in_another_language_reads_with_declared_words(
    tmp_path, limesurvey_dir, reference, canonical, language
):
    codebook = relabel(reference, "es", language)
    swaps = WORDS[language]
    path = swap_words(limesurvey_dir, tmp_path, "responses_es_full_long.csv", swaps, f"{language}.csv")
    words = {"yes": swaps["Sí"], "no": swaps.get("No", "No")}  # "Other" is found by elimination
    frame = read(path, codebook, words=words)
    same_answers(frame, canonical)
    # under code headings too, where the language is read off the labels
    header = ";".join(f'"{c}"' for c in canonical.columns if c not in ("_file", "_line"))
    text = path.read_bytes().decode("utf-8-sig").split("\r\n", 1)[1]
    (tmp_path / "code.csv").write_bytes((header + "\r\n" + text).encode("utf-8-sig"))
    same_answers(read(tmp_path / "code.csv", codebook, words=words), canonical)


def test_declared_other_word_is_used(tmp_path, limesurvey_dir, reference, canonical):
    codebook = relabel(reference, "es", "ro")
    path = swap_words(limesurvey_dir, tmp_path, "responses_es_full_long.csv", WORDS["ro"], "ro.csv")
    words = {"yes": "Da", "no": "Nu", "other": "Altele"}
    same_answers(read(path, codebook, words=words), canonical)
    with pytest.raises(InputError, match=r"column SECTOR: answer 'Altele' is neither"):
        read(path, codebook, words={"yes": "Da", "no": "Nu", "other": "Alta"})


def test_undeclared_words_are_an_error_naming_the_fix(tmp_path, limesurvey_dir, reference):
    codebook = relabel(reference, "es", "ro")
    path = swap_words(limesurvey_dir, tmp_path, "responses_es_full_long.csv", WORDS["ro"], "ro.csv")
    with pytest.raises(InputError, match=(
        r"ro\.csv, line 2 \(response 1\), column DELIVERY\[DF01\]: full answers 'Da', 'Nu' are "
        r"LimeSurvey's words for a checked/unchecked box \(or yes/no\) in ro, which the project does "
        r"not know; declare them for this file \(words: \{yes: \.\.\., no: \.\.\.\} under "
        r"source\.files\.responses\) or export with answer codes"
    )):
        read(path, codebook)


def test_other_by_elimination_takes_one_text_only(tmp_path, limesurvey_dir, reference):
    codebook = relabel(reference, "es", "ro")
    path = swap_words(limesurvey_dir, tmp_path, "responses_es_full_long.csv", WORDS["ro"], "ro.csv")
    text = path.read_bytes().decode("utf-8-sig")
    assert ';"Construcción";' in text
    path.write_bytes(text.replace(';"Construcción";', ';"Constructii";', 1).encode("utf-8-sig"))
    with pytest.raises(InputError, match=r"column SECTOR: answer '(Altele|Constructii)' is neither"):
        read(path, codebook, words={"yes": "Da", "no": "Nu"})


def test_declared_words_win_over_sourced_ones():
    assert long_words("es") == {"yes": "Sí", "no": "No", "other": "Otro"}
    assert long_words("ro") == {"yes": None, "no": None, "other": None}
    declared = LongAnswerWords(yes="Si", other="Otra")
    assert long_words("es", declared) == {"yes": "Si", "no": "No", "other": "Otra"}


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ({"yes": "Da", "no": "Da"}, "yes, no and other must be different words"),
        ({"yes": " "}, "a word must not be empty"),
        ({"no": "N/A"}, "'N/A' is LimeSurvey's word for a question never reached"),
        ({"si": "Da"}, "Extra inputs are not permitted"),
    ],
)
def test_declared_words_are_checked(words, message):
    with pytest.raises(ValueError, match=message):
        ResponseFile(path="x.csv", words=words)
