"""What was planted in the sample data: the machine-readable record (planted.json) and README.

The record is the ground truth the pipeline's tests compare against: ids of every flawed
response, the exclusions the cleaning rules must make, the planted effects on the 1-5 scale, the
expected means under the simulation model and which skills carry no effect at all.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from analysis.synthetic.export import EXCEL_BG_DATE_FORMAT, LIMESURVEY_DATE_FORMAT
from analysis.synthetic.instruments import COMPETENCE_GROUPS
from analysis.synthetic.open_themes import open_text_themes
from analysis.synthetic.responses import (
    FLAWS,
    NORMAL_MIN_SHARE,
    RHO_ITEM,
    RHO_PERSON,
    SIGMA_ITEM,
    SIGMA_PERSON,
    SPEEDER_MAX_SHARE,
    SPEEDER_SHARE,
    THRESHOLDS,
    Battery,
    Response,
    Simulation,
)

__all__ = ["DUPLICATE_RULE", "planted_json", "planted_record", "readme_text"]

DUPLICATE_RULE = (
    "keep the latest complete one (`id`, submitted minutes later), exclude the earlier (`same_as`)"
)
#: Pipeline rule names (analysis.clean.rules.RULE_ORDER) of each planted flaw.
RULE_NAMES = {
    "test": "test_response", "incomplete": "incomplete", "duplicate": "duplicate",
    "speeder": "speeder", "straightliner": "straightliner",
}


def _sorted_ids(responses: list[Response]) -> list[str]:
    return [r.id for r in sorted(responses, key=lambda r: (r.prefix, r.number))]


def _clean(sim: Simulation) -> list[Response]:
    """Responses the rules keep: no flaw, and of each duplicate pair the later submission."""
    originals = {id(r.same_as) for r in sim.responses() if r.same_as is not None}
    return [
        r for r in sim.responses()
        if (r.flaw is None and id(r) not in originals) or r.flaw == "duplicate"
    ]


def _rating(value: str) -> float:
    if value.startswith("A"):
        value = value[1:]
    return float(value) if value.isdigit() else float("nan")


def _observed_effects(sim: Simulation, clean: list[Response]) -> dict[str, Any]:
    battery = sim.spec.battery
    result: dict[str, Any] = {}
    for effect in battery.effects:
        code = sim.spec.group_variables[effect.variable]
        values = np.array(
            [_rating(r.answers[battery.column(effect.dimension, effect.item)]) for r in clean]
        )
        inside = np.array([r.answers[code] == effect.level for r in clean])
        delta = np.nanmean(values[inside]) - np.nanmean(values[~inside])
        entry = result.setdefault(effect.variable, {}).setdefault(effect.level, {})
        entry.setdefault(effect.item, {})[effect.dimension] = round(float(delta), 3)
    return result


def planted_record(sim: Simulation) -> dict[str, Any]:
    """Everything planted in one survey's sample files (see the README for the meaning)."""
    spec, battery, instrument = sim.spec, sim.spec.battery, sim.spec.instrument
    responses = sim.responses()
    by_flaw = {flaw: [r for r in responses if r.flaw == flaw] for flaw in FLAWS}
    duplicates = sorted(by_flaw["duplicate"], key=lambda r: (r.prefix, r.number))
    clean = _clean(sim)

    effects: dict[str, Any] = {}
    for effect in battery.effects:
        level = effects.setdefault(effect.variable, {}).setdefault(effect.level, {})
        level.setdefault(effect.item, {})[effect.dimension] = effect.delta
    if battery.large_gap:
        effects["all_countries"] = {
            item: {"gap": round(battery.means[item][0] - battery.means[item][1], 3)}
            for item in battery.large_gap
        }

    rating_columns = [
        battery.column(d, i) for d in ("importance", "proficiency") for i in battery.items
    ]
    cells = [r.answers[c] for r in clean for c in rating_columns]
    files = {}
    for fspec in spec.files:
        rows = sim.files[fspec.name]
        files[fspec.name] = {
            "rows": len(rows),
            "countries": sorted(fspec.countries),
            "id_prefix": fspec.id_prefix,
            "encoding": "cp1251" if fspec.excel else "utf-8-sig",
            "bom": not fspec.excel,
            "delimiter": ";",
            "quoting": "minimal (Excel)" if fspec.excel else "all fields",
            "date_format": EXCEL_BG_DATE_FORMAT if fspec.excel else LIMESURVEY_DATE_FORMAT,
            "written_by": (
                "LimeSurvey 6 CSV export, then opened and re-saved by Excel (Bulgarian settings)"
                if fspec.excel else "LimeSurvey 6 CSV export (code headings, answer codes)"
            ),
        }
    record: dict[str, Any] = {
        "synthetic": True,
        "survey_id": instrument.sid,
        "title": instrument.titles[instrument.base_language],
        "n_raw": len(responses),
        "n_clean": len(clean),
        "files": files,
        "fieldwork_open": spec.fieldwork_open.isoformat(),
        "fieldwork_close": spec.fieldwork_close.isoformat(),
        "dimensions": {"importance": battery.importance, "proficiency": battery.proficiency},
        "flaws": {
            "incomplete": _sorted_ids(by_flaw["incomplete"]),
            "test": _sorted_ids(by_flaw["test"]),
            "duplicate": [{"id": r.id, "same_as": r.same_as.id} for r in duplicates],
            "speeder": _sorted_ids(by_flaw["speeder"]),
            "straightliner": _sorted_ids(by_flaw["straightliner"]),
        },
        "duplicate_rule": DUPLICATE_RULE,
        "expected_exclusions": {RULE_NAMES[f]: len(by_flaw[f]) for f in FLAWS},
        "test_markers": {
            r.id: r.answers[spec.open_question]
            for r in sorted(by_flaw["test"], key=lambda r: (r.prefix, r.number))
        },
        "test_marker_column": spec.open_question,
        "open_text_themes": open_text_themes(spec.open_question, [
            *((lang, text) for lang, pool in spec.open_texts.items() for text in pool),
            *((lang or "", text) for fspec in spec.files for lang, text in fspec.special_texts),
        ]),
        "speeder_rule": {
            "share_of_median": SPEEDER_SHARE,
            "median_seconds": sim.median_seconds,
            "median_over": (
                "submitted responses that are not tests and not the earlier of a duplicate "
                "pair, all files"
            ),
            "planted_below_share": SPEEDER_MAX_SHARE,
            "others_at_least_share": NORMAL_MIN_SHARE,
        },
        "straightliner_rule": {
            "batteries": [battery.importance, battery.proficiency],
            "planted": "every item of both batteries has one identical value, none left empty",
            "others": "no other response has one identical value over the answered items of a battery",
        },
        "effects": effects,
        "observed_effects": _observed_effects(sim, clean),
        "expected_means": battery.expected_means(),
        "expected_gaps": {
            item: round(battery.means[item][0] - battery.means[item][1], 3) for item in battery.items
        },
        "null_skills": battery.null_items(),
        "zero_gap_skills": list(battery.zero_gap),
        "no_answer_share": round(sum(c == "" for c in cells) / len(cells), 4),
        "rating_model": {
            "latent": "mu[item] + shift[group, item] + respondent effect + item noise, cut at thresholds",
            "thresholds": list(THRESHOLDS),
            "sd_respondent": SIGMA_PERSON,
            "sd_item": SIGMA_ITEM,
            "corr_respondent_importance_proficiency": RHO_PERSON,
            "corr_item_importance_proficiency": RHO_ITEM,
        },
        "definitions": {
            "effects": (
                "expected difference on the 1-5 scale between respondents in the group and all "
                "others (all_countries: expected importance minus proficiency in every country)"
            ),
            "observed_effects": "the same difference in the kept (clean) responses of these files",
            "expected_means": (
                "expected rating per item and dimension: default, and for the groups with a "
                "planted effect"
            ),
            "null_skills": (
                "items whose importance and proficiency distributions are identical in every "
                "group (no planted effect)"
            ),
            "zero_gap_skills": "items whose expected importance equals expected proficiency",
            "no_answer_share": "share of empty rating cells in the kept responses",
            "expected_exclusions": (
                "responses each cleaning rule must exclude, rules applied in the order "
                "test_response, incomplete, duplicate, speeder, straightliner"
            ),
        },
    }
    if battery.templates != Battery.templates:
        # one dual-scale array: a battery is a question AND a scale
        record["battery_columns"] = {
            dimension: battery.column(dimension, "{item}")
            for dimension in ("importance", "proficiency")
        }
    timed = [r for r in responses if r.interview is not None]
    if timed:
        speed = record["speeder_rule"]
        pool = [
            r for r in timed
            if r.submitted and r.flaw not in ("test", "speeder", "straightliner")
            and not any(r is d.same_as for d in duplicates)
        ]
        speed["measure"] = "interviewtime"
        speed["rule"] = (
            f"interviewtime < {SPEEDER_SHARE} × median (the default min_share_of_median); "
            f"planted speeders are under {SPEEDER_MAX_SHARE} × median, every other response "
            f"at or above {NORMAL_MIN_SHARE} × median"
        )
        speed["median_interviewtime"] = round(float(np.median([r.interview for r in pool])), 2)
        speed["median_over"] = (
            "submitted responses that are not tests, not the earlier of a duplicate pair, not "
            "speeders and not straight-liners (the speeder rule's median)"
        )
        speed["by_interviewtime_only"] = _sorted_ids([r for r in timed if r.timing_only])
        speed["by_dates_too"] = _sorted_ids(
            [r for r in by_flaw["speeder"] if not r.timing_only]
        )
    if battery.dont_know:
        record["dont_know_code"] = "DK"
        record["dont_know_share"] = round(sum(c == "DK" for c in cells) / len(cells), 4)
        record["large_gap_skills"] = list(battery.large_gap)
        record["competence_groups"] = {k: list(v) for k, v in COMPETENCE_GROUPS.items()}
    else:
        record["large_gap_skills"] = []
    return record


def planted_json(record: dict[str, Any]) -> bytes:
    """UTF-8 JSON, sorted keys, indent 2, newline at the end."""
    return (json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


#: README section on the regional survey's questions and exports and how to read each.
REGIONAL_EXPORTS = [
    "## The regional exports",
    "",
    "The regional survey is built as a survey-editor user builds it: COUNTRY (list), ORGTYPE "
    "(list with Other, `ORGTYPE[other]`), RATE (dual-scale array over the 15 competencies "
    "C01–C15: scale 1 importance, scale 2 current level, answers `A1`–`A5` and `DK` on each "
    "scale, no assessment values, so the config maps the codes to 1–5 with `scale_values`), "
    "DIGREADY (10-point array, values 1–10), TRAINFMT (multiple choice with a comment per "
    "option, and Other with its comment), OPENCOMP (long text). Timings are saved: "
    "`interviewtime`, `groupTime1`–`groupTime3` and `<code>Time`, in seconds with two decimals "
    "(page times sum to the interview time, each question gets an equal share of its page). The "
    "participants table adds firstname, lastname, email (invented, on example.org), "
    "`attribute_1` (Region: the country code) and `attribute_2` (Organisation type).",
    "",
    "Every file below holds the same responses as `responses.csv` and reads back to the same "
    "frame with the settings given (`responses:` entries of a survey config; "
    "tests/ingest/test_sample_exports.py checks each, and tests/test_sample_formats.py checks "
    "that each, cleaned, keeps the same respondents, excludes the same responses by the same "
    "rules, the planted speeders among them, and gives the same `needs.csv`):",
    "",
    "| file | what | settings |",
    "|---|---|---|",
    "| `responses_code_short.json` | JSON, code headings, answer codes | none |",
    "| `responses_code_short.xlsx` | Excel export (one sheet named after the title) | none |",
    "| `responses_full_long_en.csv`, `.json` | full headings, answer texts, English | "
    "`language: en` |",
    "| `responses_full_long_bg.csv`, `_es.csv` | the same in Bulgarian and Spanish | "
    "`language: bg` / `es` |",
    "| `responses_full_long_mk.csv` | the same in Macedonian (Yes/No/Other as LimeSurvey's "
    "mk.po has them: Да, Не, Друго) | `language: mk`, `words: {yes: Да, no: Не, other: Друго}` |",
    "| `responses_full_short_ro.csv`, `_el.csv` | full headings in Romanian / Greek, answer "
    "codes | `language: ro` / `el` |",
    "| `responses_abbreviated_long_en.csv` | abbreviated headings (15 characters + `..`), "
    "answer texts | `language: en` |",
    "| `responses_abbreviated_short_sl.csv` | abbreviated headings in Slovenian, answer codes | "
    "`language: sl` |",
    "| `responses_plugin_spsssav.sav` | SPSS (names like `RATE_C01_1`, value and variable "
    "labels) | none |",
    "| `responses_plugin_rdata.csv` + `responses_plugin_rsyntax.R` | R: the data file (code "
    "CSV, multiple choice as 1/0) and the syntax that labels it | the .csv, none |",
    "| `responses_plugin_stataxml.xml` | Stata XML (format 113) | none |",
    "| `responses_excel_bg_cp1251.csv` | the code CSV opened and re-saved by Excel with "
    "Bulgarian settings: cp1251, `;`, minimal quoting, dates `dd.mm.yyyy HH:MM` | "
    "`encoding: cp1251`, `date_format: \"%d.%m.%Y %H:%M\"` |",
    "| `responses_excel_el_cp1253.csv` | the same with Greek settings: cp1253, dates "
    "`dd/mm/yyyy HH:MM` | `encoding: cp1253`, `date_format: \"%d/%m/%Y %H:%M\"` |",
    "",
    "LimeSurvey's own words in headings (\"Response ID\", \"Scale 1\", \"Total time\", "
    "\"First name\") are written in a language only where they were taken from LimeSurvey "
    "itself (bg, es from real 6.1.8 exports; mk from its catalogue); elsewhere they are in "
    "English, as LimeSurvey writes a string its catalogue lacks. Readers map these columns by "
    "position. Inherent losses: the Excel re-saves keep date-times to the minute and turn "
    "characters outside their code page (Cyrillic in cp1253, Greek in cp1251, emoji, `ó`) into "
    "`?`; the .sav bytes are pyreadstat's, not the plugin's (same variables, labels and values). "
    "The abbreviated exports repeat the heading `Question time: .. ` (LimeSurvey cuts every "
    "question-time heading to its first 15 characters): the reader places each by position. "
    "The Excel re-saves' losses reach neither the kept respondents nor the needs: the speeder "
    "rule times responses by `interviewtime`, and the Greek re-save's test response 2, whose "
    "marker `тест` becomes `????`, is still excluded because it started before fieldwork "
    "opened. Without `interviewtime` (a survey that saves no timings) the speeder rule falls "
    "back to the dates and finds only the wall-clock speeders. Known limit of the reader: a "
    "long export in a language whose Yes/No words the reader does not know needs `words:`.",
]


def _ids(ids: list[str]) -> str:
    return ", ".join(ids) if ids else "none"


def _effects_lines(record: dict[str, Any]) -> list[str]:
    lines = []
    for variable in ("sector", "country"):
        for level, items in record["effects"].get(variable, {}).items():
            for item, dims in items.items():
                text = ", ".join(f"{dim} {delta:+.1f}" for dim, delta in dims.items())
                observed = record["observed_effects"][variable][level][item]
                seen = ", ".join(f"{d} {v:+.2f}" for d, v in observed.items())
                lines.append(f"- {variable} {level}, {item}: {text} (in these files: {seen})")
    for item, value in record["effects"].get("all_countries", {}).items():
        lines.append(f"- every country, {item}: expected gap importance − proficiency {value['gap']:+.1f}")
    return lines


def _speeder_row(flaws: dict[str, Any], speed: dict[str, Any]) -> str:
    if speed.get("measure") != "interviewtime":
        return (
            f"| speeder | {len(flaws['speeder'])} | {_ids(flaws['speeder'])}: submitdate − "
            f"startdate < {speed['planted_below_share']} × median ({speed['median_seconds']:.0f} "
            f"s); every other submitted response ≥ {speed['others_at_least_share']} × median |"
        )
    return (
        f"| speeder | {len(flaws['speeder'])} | `interviewtime` < {speed['planted_below_share']} "
        f"× median ({speed['median_interviewtime']:.0f} s), every other submitted response ≥ "
        f"{speed['others_at_least_share']} × median, so the rule's default 0.3 finds exactly "
        f"these: {_ids(speed['by_dates_too'])} also have submitdate − startdate under "
        f"{speed['planted_below_share']} × its median; {_ids(speed['by_interviewtime_only'])} "
        "only by `interviewtime` (dates look normal: the tab was left open; their page and "
        "question times are tiny too) |"
    )


def _survey_section(folder: str, record: dict[str, Any]) -> list[str]:
    flaws = record["flaws"]
    dims = dict(record["dimensions"])
    if "battery_columns" in record:  # one dual-scale array: a battery per scale
        dims = {d: t.format(item="Cxx") for d, t in record["battery_columns"].items()}
    speed = record["speeder_rule"]
    lines = [
        f"## {folder}/ — survey {record['survey_id']}, \"{record['title']}\"",
        "",
        f"{record['n_raw']} raw responses, {record['n_clean']} left after the five cleaning rules. "
        f"Fieldwork opened on {record['fieldwork_open']} and closed on {record['fieldwork_close']}. "
        f"Rating batteries: importance `{dims['importance']}`, proficiency `{dims['proficiency']}`.",
        "",
        "Planted flaws (each response has at most one; ids as the pipeline sees them, "
        "full lists in `planted.json`):",
        "",
        "| flaw | count | ids / rule |",
        "|---|---|---|",
        f"| test response | {len(flaws['test'])} | {_ids(flaws['test'])}: started 2–6 days before "
        f"fieldwork opened; `{record['test_marker_column']}` says "
        + ", ".join(f'"{t}"' for t in record["test_markers"].values()) + " |",
        f"| incomplete | {len(flaws['incomplete'])} | empty submitdate, lastpage 1 or 2, later pages "
        "never reached (empty), datestamp set |",
        f"| duplicate | {len(flaws['duplicate'])} | "
        + ", ".join(f"{d['id']} = {d['same_as']}" for d in flaws["duplicate"])
        + f"; every answer equal, submitted minutes later, same ip/token; {record['duplicate_rule']} |",
        _speeder_row(flaws, speed),
        f"| straightliner | {len(flaws['straightliner'])} | {_ids(flaws['straightliner'])}: one "
        f"value over all of `{dims['importance']}` and one over all of `{dims['proficiency']}` |",
        "",
        "Planted effects (expected difference on the 1–5 scale, against everyone else):",
        "",
        *_effects_lines(record),
        "",
        f"- No effect at all (identical distributions in every group): {', '.join(record['null_skills'])}.",
        f"- Expected gap 0 (importance mean = proficiency mean): {', '.join(record['zero_gap_skills'])}.",
        f"- Empty (\"No answer\") rating cells in kept responses: {record['no_answer_share']:.1%}.",
    ]
    if "dont_know_share" in record:
        lines.append(
            f"- \"Don't know\" (`DK`, assessment value 0) in kept rating cells: "
            f"{record['dont_know_share']:.1%}."
        )
        groups = "; ".join(f"{k}: {', '.join(v)}" for k, v in record["competence_groups"].items())
        lines.append(f"- Competence groups (for the config, not in the .lss): {groups}.")
    return lines


def _themes_section(record: dict[str, Any]) -> list[str]:
    planted = record["open_text_themes"]
    texts = planted["texts"]
    counts = {theme: sum(theme in entry["themes"] for entry in texts) for theme in planted["themes"]}
    themes = "; ".join(
        f"`{theme}` ({label}, {counts[theme]} texts)" for theme, label in planted["themes"].items()
    )
    return [
        f"Planted themes in the open answers (`{planted['question']}`): each open text is drawn from a "
        f"fixed pool per language, and `open_text_themes` in planted.json gives every text of the "
        f"pools ({len(texts)}, {sum(not entry['themes'] for entry in texts)} of them with no theme) "
        f"its themes: {themes}. The theme codebook `config/themes/<survey>.yml` finds them.",
    ]


def readme_text(records: dict[str, dict[str, Any]], seed: int) -> bytes:
    """README.md of the sample folder."""
    sector, regional = records["sector"], records["regional"]
    lines = [
        "# Sample data — ALL SYNTHETIC",
        "",
        "**Everything in this folder is synthetic.** Every response, e-mail address, IP address, "
        "phone number and free text was invented by `analysis.synthetic` (a seeded random "
        "simulation); no real person or organisation answered these surveys. E-mail addresses "
        "use the reserved domains example.org/.com/.net, IP addresses the documentation ranges "
        "192.0.2.0/24, 198.51.100.0/24 and 203.0.113.0/24, and phone numbers are fake.",
        "",
        "Regenerate every file byte for byte (from the repository root):",
        "",
        "```",
        ".venv/bin/python -m analysis.synthetic",
        f"# same as: .venv/bin/python -m analysis.synthetic --out data/raw/sample --seed {seed}",
        "```",
        "",
        "## Files",
        "",
        "| file | what |",
        "|---|---|",
        "| `sector/survey.lss` | structure export of survey 518342 as LimeSurvey 6.1.8 writes it "
        "(DB version 607): base language en, also it, bg, es, fi |",
        f"| `sector/responses.csv` | the consortium server's CSV export (code headings, answer codes): "
        f"{sector['files']['responses.csv']['rows']} responses from IT, ES, BE, FI; UTF-8 with BOM, "
        "`;`, every field quoted, CRLF row ends, bare LF inside answers, an empty line at the end; "
        "metadata columns id, submitdate, lastpage, startlanguage, seed, startdate, datestamp, ipaddr |",
        f"| `sector/responses_bg.csv` | the Bulgarian partner's own server (same .lss imported, ids "
        f"restart at 1, read them with id prefix `BG-`): {sector['files']['responses_bg.csv']['rows']} "
        "responses from BG, exported the same way and then opened and re-saved by Excel with "
        "Bulgarian regional settings: cp1251, no BOM, `;`, quotes only around fields with `;`, `\"` "
        "or a line break, CRLF, date-times as `dd.mm.yyyy HH:MM` (seconds lost), characters outside "
        "cp1251 (emoji, `ó`) turned into `?` |",
        "| `sector/planted.json` | what was planted in the sector files (ids per flaw, effects, "
        "expected means, null skills) |",
        "| `regional/survey.lss` | structure export of survey 736514 as a survey-editor user makes "
        "it: base language en, also bg, ro, el, sl, mk, es; timings saved; a participants table "
        "with attribute_1 (Region) and attribute_2 (Organisation type); RATE is a dual-scale "
        "array (type 1) over C01–C15, importance on scale 1 and current level on scale 2, answers "
        "A1–A5 and DK on each scale, no assessment values; ORGTYPE is a list with Other; "
        "DIGREADY a 10-point array (type B); TRAINFMT multiple choice with comments (type P) "
        "and Other |",
        f"| `regional/responses.csv` | CSV export, {regional['files']['responses.csv']['rows']} "
        "responses from BG, RO, GR, SI, MK, ES; the survey uses a participant table and is not "
        "anonymised, so a 15-character `token` column follows `seed`; no ipaddr column; after the "
        "questions the timing columns (interviewtime, groupTime<gid>, <code>Time) and the "
        "participant columns (firstname, lastname, email, attribute_1, attribute_2) |",
        "| `regional/exports/` | the same responses in every other export LimeSurvey offers "
        "(see \"The regional exports\" below) |",
        "| `regional/planted.json` | what was planted in the regional file |",
        "",
        "Seeds are random numbers (empty in about 3% of rows), start languages mostly match the "
        "country (Belgian respondents answered the English version), interview times are "
        "log-normal with a few very long ones. Open texts include real sentences in each "
        "language and edge cases: `=SUM(A1)`, `<script>alert(1)</script>`, quotes, `;`, line "
        "breaks, a tab, emoji, e-mail addresses and phone numbers. About 30% of sector "
        "respondents left an address in EMAIL.",
        "",
        *_survey_section("sector", sector),
        "",
        *_themes_section(sector),
        "",
        *_survey_section("regional", regional),
        "",
        *_themes_section(regional),
        "",
        *REGIONAL_EXPORTS,
        "",
        "## How the ratings were simulated",
        "",
        "Ordinal latent model: latent = item mean + planted group shift + respondent effect "
        "(shared by every item of a battery; importance and proficiency respondent effects "
        f"correlate {RHO_PERSON}) + item noise (correlated {RHO_ITEM} between importance and "
        "proficiency of the same item), cut at 1.5, 2.5, 3.5, 4.5 into 1–5. Item means and shifts "
        "are calibrated so that the expected *rating* equals `expected_means` in planted.json, so "
        "the planted effects hold on the 1–5 scale. Empty cells and DK answers are drawn "
        "independently of every group. Normal respondents never give one identical value over a "
        "battery, and the generator checks that the five cleaning rules find exactly the planted "
        "flaws.",
        "",
    ]
    return "\n".join(lines).encode("utf-8")
