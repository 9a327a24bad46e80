"""Interview notes of the synthetic sample: a few notes per survey with planted themes and personal data.

Notes are ``.txt``, ``.md`` and ``.docx`` files (the ``.docx`` written with the standard library,
byte for byte the same on every run), with their metadata in a header or a sidecar ``.yml``.
``planted_interviews.json`` records per note the theme words (they must survive redaction) and
the personal names, e-mail addresses and phone numbers (none may survive it). Every name, address
and number is invented; the participants' names are those of the regional survey's participants
table.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["PLANTED_INTERVIEWS", "docx_bytes", "interview_files", "interview_readme"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="word/document.xml"/></Relationships>'
)


def _paragraph(text: str) -> str:
    """One w:p; a text split at ``|`` becomes several runs (as Word splits a paragraph's text)."""
    if not text:
        return "<w:p/>"
    runs = "".join(
        f'<w:r><w:t xml:space="preserve">{escape(piece)}</w:t></w:r>' for piece in text.split("|")
    )
    return f"<w:p>{runs}</w:p>"


def docx_bytes(paragraphs: list[str], extra_body: str = "") -> bytes:
    """A minimal Word .docx whose body is these paragraphs (``""`` an empty one), then ``extra_body``
    (raw WordprocessingML); the same bytes on every run."""
    body = "".join(_paragraph(p) for p in paragraphs) + extra_body
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (
            ("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS), ("word/document.xml", document)
        ):
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()

#: Text notes and sidecars: path under the sample folder -> content.
_TEXTS: dict[str, str] = {
    "regional/interviews/es_univ_02.txt": """\
Partner: ES
Respondent type: UNIV
Language: es
Date: 2025-05-20

Entrevista con un grupo de investigación universitario. Participa Carmen Demo.

La profesora Demo explica que los técnicos municipales necesitan formación en gestión de proyectos
y fondos de la UE, y en economía circular a escala regional.

Falta de formadores: la universidad no tiene formadores para cursos cortos. Elena Testova, de la
agencia regional, coincide.

Además, las barreras de financiación impiden ofrecer cursos gratuitos. Testova propone un
consorcio regional.

Contacto: carmen.demo11@example.org, tel. +34 91 555 12 34.
""",
    "regional/interviews/gr_rda_01.md": """\
---
partner: GR
respondent_type: RDA
language: el
date: 2025-05-12
people: [Νίκος Παπαδόπουλος]
---

# Συνέντευξη με περιφερειακό αναπτυξιακό οργανισμό

Ο Νίκος Παπαδόπουλος, διευθυντής του οργανισμού, θεωρεί ότι η κυκλική οικονομία σε περιφερειακό
επίπεδο είναι η μεγαλύτερη ανάγκη.

Η συνάδελφός του Sofia Example ζήτησε εκπαίδευση στη λήψη αποφάσεων βάσει δεδομένων.

- Έλλειψη εκπαιδευτών: δεν υπάρχουν εκπαιδευτές με εμπειρία στα ανοικτά δεδομένα.
- Εμπόδια χρηματοδότησης: η χρηματοδότηση της κατάρτισης είναι ανεπαρκής.

Επικοινωνία: sofia.example7@example.org, 210 555 0198.
""",
    "regional/interviews/mk_ngo_04.txt": """\
Interview with a civil-society organisation in Bitola (notes taken in English).

Petar Sample, the coordinator, sees the greatest need in sustainability and climate adaptation,
and in citizen participation.

Mr Sample said that in a small sample of municipalities nobody had training in digital public
services.

Lack of trainers: there are no trainers in the region for data-driven decision-making. Funding
barriers: donors fund events, not courses.

Marija Stojanovska (marija@ngo.example, +389 70 123 456) will send the list of members.
""",
    "regional/interviews/mk_ngo_04.yml": """\
# metadata of mk_ngo_04.txt (a sidecar: the note itself has no header)
partner: MK
respondent_type: NGO
language: en
date: 2025-06-05
people: [Marija Stojanovska]
""",
    "sector/interviews/be_const_01.txt": """\
Partner: BE
Sector: CONST
Respondent type: EMPHR
Language: en
Date: 2025-04-10
People: Johan Peeters, Marleen Wouters

Interview with the HR manager of a mid-sized construction firm near Ghent; notes by Marleen Wouters.

Johan Peeters explained that site managers lack energy efficiency skills: they cannot advise
clients on insulation or heat pumps. Energy-efficient building and retrofitting is where most
new orders come from.

The main barrier is funding: courses are expensive and the regional training subsidy covers only
a fraction of the cost. Mr Peeters said small firms cannot release staff for a week.

There is also a lack of trainers: the two providers in the province have no instructor who knows
the new renovation standards.

Follow-up: johan.peeters@bouwbedrijf.example, +32 470 12 34 56.
""",
    "sector/interviews/bg_wood_04.txt": """\
---
partner: BG
sector: WOOD
respondent type: EMPHR
language: bg
date: 2025-04-15
people: [Георги Петров]
---
Интервю с мебелна фабрика в Тетевен.

Георги Петров, управител, казва, че работниците нямат умения за енергийна ефективност на
сушилните и за цифрово наблюдение на ресурсите.

Липса на обучители: в региона няма преподаватели по нови технологии за дървообработване.
Според г-н Петров бариери пред финансирането спират обучението.

Телефон за връзка: +359 88 123 4567; имейл: g.petrov@mebeli.example
""",
    "sector/interviews/es_manuf_02.md": """\
---
partner: ES
sector: MANUF
respondent_type: EMPHR
language: es
date: 2025-04-22
people: [Lucía Fernández Ortega, Javier Molina]
---

# Entrevista con una empresa de envases

Lucía Fernández Ortega dirige la producción. Según ella, el diseño circular y el ecodiseño serán
la primera necesidad: los clientes piden envases reutilizables y reciclables.

- Falta de formadores: no encuentran formadores con experiencia en ecodiseño en la región.
- Barreras de financiación: la empresa no puede pagar cursos largos sin ayudas públicas.

Javier Molina, responsable de calidad, propone formación en eficiencia energética para los
técnicos de mantenimiento. La señora Fernández está de acuerdo.

Contacto: j.molina@envases.example o +34 612 345 678.
""",
    "sector/interviews/it_agri_03.yml": """\
# metadata of it_agri_03.docx (a sidecar: the note itself has no header)
partner: IT
sector: AGRI
respondent_type: VET
language: it
date: 2025-05-06
people:
  - Giulia Bianchi
  - Marco Esposito
""",
}

#: Word notes: path under the sample folder -> paragraphs (``|`` splits a paragraph into runs).
_DOCX: dict[str, list[str]] = {
    "sector/interviews/it_agri_03.docx": [
        "Colloquio con un centro di formazione agricola in Puglia.",
        "",
        "La direttrice, Giulia Bianchi, vede un forte bisogno di competenze nella |gestione delle "
        "risorse idriche|: irrigazione di precisione e riuso delle acque.",
        "Il monitoraggio digitale delle risorse con sensori IoT è richiesto dalle aziende, ma mancano "
        "formatori: il centro non ha docenti esperti di sensori.",
        "Ostacoli di finanziamento: i fondi regionali arrivano tardi e coprono solo metà dei costi. "
        "La signora Bianchi chiede bandi più semplici.",
        "Per informazioni: marco.esposito@formagri.example, tel. 0039 080 5551234.",
    ],
    "regional/interviews/ro_pubauth_03.docx": [
        "---",
        "partner: RO",
        "respondent_type: PUBAUTH",
        "language: ro",
        "date: 2025-06-02",
        "people: [Ioana Popescu]",
        "---",
        "Interviu cu o primărie din județul Cluj.",
        "Ioana Popescu, șefa serviciului IT, spune că personalul are nevoie de competențe pentru "
        "servicii publice digitale și luarea deciziilor pe baza datelor.",
        "Andrei Placeholder, consultant, a menționat lipsa formatorilor: nu există formatori pentru "
        "datele deschise.",
        "Bariere de finanțare: bugetul local nu acoperă formarea. Doamna Popescu a cerut fonduri "
        "europene.",
        "Telefon: 0722 123 456, e-mail ioana.popescu@primaria.example",
    ],
}

_DEFINITIONS = {
    "emails": "e-mail addresses written in the note",
    "format": (
        "file format; metadata: where its metadata is (yaml_header: front matter between "
        "--- lines, key_value_header: 'Key: value' lines up to a blank line, sidecar: "
        "<stem>.yml)"
    ),
    "kept_words": "ordinary words that are also a participant's name, written in lower case: they stay",
    "names": (
        "personal names as written in the note (full names and names alone): none may "
        "appear in the redacted segments"
    ),
    "notes": "interview notes under interviews/: file stem -> what was planted",
    "participants": (
        "those of the names that come from the survey's participants table (firstname, "
        "lastname of the raw export), not from the note's people: list"
    ),
    "phones": "phone numbers written in the note",
    "synthetic": "every name, address and number is invented",
    "themes": (
        "theme id (a skill id of the survey's skill catalogue, or funding_barriers / "
        "lack_of_trainers) -> the words planted for it, exactly as in the note; they must "
        "survive redaction"
    ),
}

#: What each survey's notes carry (written to ``<survey>/planted_interviews.json``).
PLANTED_INTERVIEWS: dict[str, dict[str, Any]] = {
    "sector": {
        "definitions": _DEFINITIONS,
        "notes": {
            "be_const_01": {
                "date": "2025-04-10",
                "emails": ["johan.peeters@bouwbedrijf.example"],
                "format": "txt",
                "language": "en",
                "metadata": "key_value_header",
                "names": ["Johan Peeters", "Marleen Wouters", "Peeters"],
                "participants": [],
                "partner": "BE",
                "phones": ["+32 470 12 34 56"],
                "respondent_type": "EMPHR",
                "sector": "CONST",
                "themes": {
                    "efficient_building": ["Energy-efficient building and retrofitting"],
                    "energy_efficiency": ["energy efficiency skills"],
                    "funding_barriers": ["The main barrier is funding"],
                    "lack_of_trainers": ["lack of trainers"],
                },
            },
            "bg_wood_04": {
                "date": "2025-04-15",
                "emails": ["g.petrov@mebeli.example"],
                "format": "txt",
                "language": "bg",
                "metadata": "yaml_header",
                "names": ["Георги Петров", "Петров"],
                "participants": [],
                "partner": "BG",
                "phones": ["+359 88 123 4567"],
                "respondent_type": "EMPHR",
                "sector": "WOOD",
                "themes": {
                    "digital_monitoring": ["цифрово наблюдение на ресурсите"],
                    "energy_efficiency": ["енергийна ефективност"],
                    "funding_barriers": ["бариери пред финансирането"],
                    "lack_of_trainers": ["Липса на обучители"],
                },
            },
            "es_manuf_02": {
                "date": "2025-04-22",
                "emails": ["j.molina@envases.example"],
                "format": "md",
                "language": "es",
                "metadata": "yaml_header",
                "names": ["Lucía Fernández Ortega", "Javier Molina", "Fernández"],
                "participants": [],
                "partner": "ES",
                "phones": ["+34 612 345 678"],
                "respondent_type": "EMPHR",
                "sector": "MANUF",
                "themes": {
                    "circular_design": ["diseño circular", "ecodiseño"],
                    "energy_efficiency": ["eficiencia energética"],
                    "funding_barriers": ["Barreras de financiación"],
                    "lack_of_trainers": ["Falta de formadores"],
                },
            },
            "it_agri_03": {
                "date": "2025-05-06",
                "emails": ["marco.esposito@formagri.example"],
                "format": "docx",
                "language": "it",
                "metadata": "sidecar",
                "names": ["Giulia Bianchi", "Bianchi"],
                "participants": [],
                "partner": "IT",
                "phones": ["0039 080 5551234"],
                "respondent_type": "VET",
                "sector": "AGRI",
                "themes": {
                    "digital_monitoring": ["monitoraggio digitale delle risorse"],
                    "funding_barriers": ["Ostacoli di finanziamento"],
                    "lack_of_trainers": ["mancano formatori"],
                    "water_management": ["gestione delle risorse idriche"],
                },
            },
        },
    },
    "regional": {
        "definitions": _DEFINITIONS,
        "notes": {
            "es_univ_02": {
                "date": "2025-05-20",
                "emails": ["carmen.demo11@example.org"],
                "format": "txt",
                "language": "es",
                "metadata": "key_value_header",
                "names": ["Carmen Demo", "Demo", "Elena Testova", "Testova"],
                "participants": ["Carmen Demo", "Demo", "Elena Testova", "Testova"],
                "partner": "ES",
                "phones": ["+34 91 555 12 34"],
                "respondent_type": "UNIV",
                "sector": None,
                "themes": {
                    "funding_barriers": ["barreras de financiación"],
                    "lack_of_trainers": ["Falta de formadores"],
                    "project_funds_management": ["gestión de proyectos y fondos de la UE"],
                    "regional_circular_economy": ["economía circular a escala regional"],
                },
            },
            "gr_rda_01": {
                "date": "2025-05-12",
                "emails": ["sofia.example7@example.org"],
                "format": "md",
                "language": "el",
                "metadata": "yaml_header",
                "names": ["Νίκος Παπαδόπουλος", "Sofia Example"],
                "participants": ["Sofia Example"],
                "partner": "GR",
                "phones": ["210 555 0198"],
                "respondent_type": "RDA",
                "sector": None,
                "themes": {
                    "data_driven_decisions": ["λήψη αποφάσεων βάσει δεδομένων"],
                    "funding_barriers": ["Εμπόδια χρηματοδότησης"],
                    "lack_of_trainers": ["Έλλειψη εκπαιδευτών"],
                    "regional_circular_economy": ["κυκλική οικονομία σε περιφερειακό επίπεδο"],
                },
            },
            "mk_ngo_04": {
                "date": "2025-06-05",
                "emails": ["marija@ngo.example"],
                "format": "txt",
                "kept_words": ["a small sample of municipalities"],
                "language": "en",
                "metadata": "sidecar",
                "names": ["Petar Sample", "Sample", "Marija Stojanovska"],
                "participants": ["Petar Sample", "Sample"],
                "partner": "MK",
                "phones": ["+389 70 123 456"],
                "respondent_type": "NGO",
                "sector": None,
                "themes": {
                    "citizen_participation": ["citizen participation"],
                    "climate_adaptation": ["sustainability and climate adaptation"],
                    "data_driven_decisions": ["data-driven decision-making"],
                    "digital_public_services": ["digital public services"],
                    "funding_barriers": ["Funding barriers"],
                    "lack_of_trainers": ["Lack of trainers"],
                },
            },
            "ro_pubauth_03": {
                "date": "2025-06-02",
                "emails": ["ioana.popescu@primaria.example"],
                "format": "docx",
                "language": "ro",
                "metadata": "yaml_header",
                "names": ["Ioana Popescu", "Popescu", "Andrei Placeholder"],
                "participants": ["Andrei Placeholder"],
                "partner": "RO",
                "phones": ["0722 123 456"],
                "respondent_type": "PUBAUTH",
                "sector": None,
                "themes": {
                    "data_driven_decisions": ["luarea deciziilor pe baza datelor"],
                    "digital_public_services": ["servicii publice digitale"],
                    "funding_barriers": ["Bariere de finanțare"],
                    "lack_of_trainers": ["lipsa formatorilor"],
                },
            },
        },
    },
}


def interview_files() -> dict[str, bytes]:
    """Every interview file of the sample and each survey's ``planted_interviews.json``."""
    files = {name: text.encode("utf-8") for name, text in _TEXTS.items()}
    files |= {name: docx_bytes(paragraphs) for name, paragraphs in _DOCX.items()}
    for survey, record in PLANTED_INTERVIEWS.items():
        files[f"{survey}/planted_interviews.json"] = (
            json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
        ).encode("utf-8")
    return dict(sorted(files.items()))


def interview_readme() -> list[str]:
    """The README's section on the interview notes."""
    lines = [
        "## Interview notes",
        "",
        "`sector/interviews/` and `regional/interviews/` hold a few invented interview notes each "
        "(synthetic, like everything here), read by `analysis.themes.interviews` when a survey config "
        "names the folder (`interviews:`). Their planted themes use the words of the skills "
        "catalogue's labels (skill ids) plus two themes the catalogue has no skill for "
        "(`funding_barriers`, `lack_of_trainers`); their planted personal data (names from the "
        "regional participants table and from the notes' `people:`, e-mail addresses, phone "
        "numbers) must all be redacted, and the theme words must stay. Everything planted, note by "
        "note, is in `<survey>/planted_interviews.json`.",
        "",
        "| note | format, metadata | language | themes | personal data |",
        "|---|---|---|---|---|",
    ]
    for survey, record in PLANTED_INTERVIEWS.items():
        for stem, note in record["notes"].items():
            names = len(note["names"])
            from_table = len(note["participants"])
            lines.append(
                f"| `{survey}/interviews/{stem}.{note['format']}` | {note['format']}, "
                f"{note['metadata'].replace('_', ' ')} | {note['language']} | "
                f"{', '.join(sorted(note['themes']))} | {names} names ({from_table} from the "
                f"participants table), {len(note['emails'])} e-mail, {len(note['phones'])} phone |"
            )
    return lines
