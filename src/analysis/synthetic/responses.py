"""Simulate survey responses with known (planted) effects and data-quality flaws.

Ratings come from an ordinal latent model: for respondent *i* and item *j* the latent value is
``mu[j] + shift[group_i, j] + r_i + e_ij`` with a respondent effect ``r_i`` shared by every item of
a battery (so ratings correlate within a respondent) and importance/proficiency respondent effects
correlated with each other; the latent value is cut at 1.5, 2.5, 3.5 and 4.5 into a 1-5 rating.
Item means and group shifts are calibrated so that the *expected rating* (not the latent value)
equals the documented value, which makes the planted effects exact in expectation on the 1-5
scale. Every response gets at most one flaw, and the generator checks that the flaws are found by
the documented rules and nothing else is.
"""

# ruff: noqa: E501

from __future__ import annotations

import math
import string
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np

from analysis.synthetic.export import LIMESURVEY_DATE_FORMAT, metadata_headings, question_headings
from analysis.synthetic.instruments import REGIONAL, SECTOR, Instrument

__all__ = [
    "Battery",
    "Effect",
    "FileSpec",
    "REGIONAL_SPEC",
    "SECTOR_SPEC",
    "Simulation",
    "SurveySpec",
    "expected_rating",
    "simulate",
]

THRESHOLDS = (1.5, 2.5, 3.5, 4.5)
SIGMA_PERSON = 0.55
SIGMA_ITEM = 0.85
SIGMA = math.hypot(SIGMA_PERSON, SIGMA_ITEM)
RHO_PERSON = 0.5  # importance and proficiency respondent effects
RHO_ITEM = 0.3  # importance and proficiency of the same item
SPEEDER_SHARE = 0.3  # speeder rule: duration < 0.3 x median
SPEEDER_MAX_SHARE = 0.2  # planted speeders stay below this share (room for Excel's lost seconds)
NORMAL_MIN_SHARE = 0.45  # every other complete response stays at or above this share
MISSING, DONT_KNOW = 0, -1
FLAWS = ("test", "incomplete", "duplicate", "speeder", "straightliner")


# ---------------------------------------------------------------------------------------------
# Ordinal latent model
# ---------------------------------------------------------------------------------------------


def _phi(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


def expected_rating(latent_mean: float) -> float:
    """Expected 1-5 rating when the latent value is normal with this mean and sd :data:`SIGMA`."""
    return 1.0 + sum(_phi((latent_mean - t) / SIGMA) for t in THRESHOLDS)


def latent_mean(rating: float) -> float:
    """Latent mean whose expected rating is ``rating`` (bisection; 1 < rating < 5)."""
    low, high = -6.0, 12.0
    for _ in range(200):
        middle = (low + high) / 2
        if expected_rating(middle) < rating:
            low = middle
        else:
            high = middle
    return (low + high) / 2


@dataclass(frozen=True)
class Effect:
    """A planted effect: respondents with ``variable == level`` rate ``item`` differently.

    ``delta`` is the expected difference on the 1-5 scale against respondents outside the group.
    """

    variable: str
    level: str
    item: str
    dimension: str  # "importance" or "proficiency"
    delta: float


@dataclass(frozen=True)
class Battery:
    """The two rating arrays of a survey and how respondents answer them."""

    importance: str  # question code
    proficiency: str
    items: tuple[str, ...]
    means: dict[str, tuple[float, float]]  # item -> default expected (importance, proficiency)
    effects: tuple[Effect, ...]
    no_answer: dict[str, float]  # item -> probability that a cell is left empty
    dont_know: dict[str, float] = field(default_factory=dict)  # item -> probability of "DK"
    large_gap: tuple[str, ...] = ()
    zero_gap: tuple[str, ...] = ()
    #: column of an item per dimension (a dual-scale array: "{q}[{i}][1]" and "{q}[{i}][2]")
    templates: tuple[str, str] = ("{q}[{i}]", "{q}[{i}]")

    def column(self, dimension: str, item: str) -> str:
        """Code heading of an item's rating in one dimension."""
        k = 0 if dimension == "importance" else 1
        question = self.importance if k == 0 else self.proficiency
        return self.templates[k].format(q=question, i=item)

    def null_items(self) -> list[str]:
        """Items without any planted group effect (identical distributions in every group)."""
        with_effect = {e.item for e in self.effects}
        return [item for item in self.items if item not in with_effect]

    def expected_means(self) -> dict[str, dict[str, dict[str, float]]]:
        """item -> dimension -> {"default": mean, "<variable>:<level>": mean in that group}."""
        result: dict[str, dict[str, dict[str, float]]] = {}
        for item in self.items:
            result[item] = {}
            for k, dimension in enumerate(("importance", "proficiency")):
                base = self.means[item][k]
                entry = {"default": base}
                for effect in self.effects:
                    if effect.item == item and effect.dimension == dimension:
                        entry[f"{effect.variable}:{effect.level}"] = round(base + effect.delta, 3)
                result[item][dimension] = entry
        return result


def _flat(values: np.ndarray) -> np.ndarray:
    """Rows whose answered cells (> 0) hold one single value (at least 2 answered)."""
    answered = values > 0
    count = answered.sum(axis=1)
    high = np.where(answered, values, -99).max(axis=1)
    low = np.where(answered, values, 99).min(axis=1)
    return (count >= 2) & (high == low)


def simulate_ratings(
    rng: np.random.Generator, battery: Battery, groups: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Importance and proficiency ratings (n x items): 1..5, 0 = no answer, -1 = don't know.

    No respondent gets one identical value over all answered items of a battery: such draws are
    redrawn (straight-lining is planted separately).
    """
    n = len(next(iter(groups.values())))
    items = battery.items
    base = np.array(
        [[latent_mean(battery.means[i][k]) for i in items] for k in (0, 1)]
    )  # 2 x J
    shift = np.zeros((2, n, len(items)))
    for effect in battery.effects:
        k = 0 if effect.dimension == "importance" else 1
        j = items.index(effect.item)
        default = battery.means[effect.item][k]
        delta = latent_mean(default + effect.delta) - latent_mean(default)
        shift[k, groups[effect.variable] == effect.level, j] += delta
    no_answer = np.array([battery.no_answer.get(i, 0.0) for i in items])
    dont_know = np.array([battery.dont_know.get(i, 0.0) for i in items])

    def draw(rows: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        # correlated respondent effects, built by hand (no LAPACK call: same bytes everywhere)
        z = rng.standard_normal(size=(rows, 2))
        person = SIGMA_PERSON * np.column_stack(
            [z[:, 0], RHO_PERSON * z[:, 0] + math.sqrt(1 - RHO_PERSON**2) * z[:, 1]]
        )
        e_imp = rng.normal(0.0, SIGMA_ITEM, size=(rows, len(items)))
        e_own = rng.normal(0.0, SIGMA_ITEM, size=(rows, len(items)))
        e_pro = RHO_ITEM * e_imp + math.sqrt(1 - RHO_ITEM**2) * e_own
        cells = rng.random(size=(2, rows, len(items)))
        return person, e_imp, e_pro, cells

    def rate(latent: np.ndarray, cells: np.ndarray) -> np.ndarray:
        values = 1 + sum((latent > t).astype(int) for t in THRESHOLDS)
        values = np.where(cells < dont_know, DONT_KNOW, values)
        return np.where((cells >= dont_know) & (cells < dont_know + no_answer), MISSING, values)

    importance = np.zeros((n, len(items)), dtype=int)
    proficiency = np.zeros((n, len(items)), dtype=int)
    todo = np.arange(n)
    while len(todo):
        person, e_imp, e_pro, cells = draw(len(todo))
        importance[todo] = rate(base[0] + shift[0, todo] + person[:, :1] + e_imp, cells[0])
        proficiency[todo] = rate(base[1] + shift[1, todo] + person[:, 1:] + e_pro, cells[1])
        todo = todo[_flat(importance[todo]) | _flat(proficiency[todo])]
    return importance, proficiency


# ---------------------------------------------------------------------------------------------
# Survey specifications
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FileSpec:
    """One response file: which countries, how many respondents and flaws, how it was saved."""

    name: str
    id_prefix: str
    countries: dict[str, int]  # base respondents per country
    n_incomplete: int
    n_speeder: int
    n_straightliner: int
    n_duplicate: int
    tests: tuple[tuple[str, str, str], ...]  # (country, start language, open text)
    special_texts: tuple[tuple[str | None, str], ...]  # (start language or None, open text)
    excel: bool = False
    #: speeders that only LimeSurvey's ``interviewtime`` reveals (surveys saving timings):
    #: a normal submit date minus start date (the tab was left open) but a tiny time on the pages
    n_timing_speeder: int = 0


@dataclass(frozen=True)
class SurveySpec:
    """Everything the simulation needs to know about one survey."""

    instrument: Instrument
    battery: Battery
    files: tuple[FileSpec, ...]
    fieldwork_open: date
    fieldwork_close: date
    median_minutes: float
    languages: dict[str, tuple[tuple[str, float], ...]]  # country -> (language, probability)
    open_question: str
    open_share: float
    open_texts: dict[str, tuple[str, ...]]  # language -> texts
    profile: Callable[[np.random.Generator, str, str], dict[str, str]]
    final_page: Callable[[np.random.Generator, dict[str, str], str], dict[str, str]]
    rating_code: Callable[[int], str]
    group_variables: dict[str, str]  # effect variable -> question code


# --- sector survey ---------------------------------------------------------------------------

_SECTOR_MEANS = {
    "SQ001": (4.2, 3.1), "SQ002": (3.7, 2.8), "SQ003": (3.5, 2.6), "SQ004": (3.9, 3.3),
    "SQ005": (3.6, 2.8), "SQ006": (3.2, 2.3), "SQ007": (3.6, 2.3), "SQ008": (3.8, 2.6),
    "SQ009": (3.3, 2.6), "SQ010": (3.4, 2.9), "SQ011": (3.0, 2.7), "SQ012": (3.5, 3.0),
    "SQ013": (3.0, 2.7), "SQ014": (3.5, 2.4), "SQ015": (3.4, 2.8), "SQ016": (2.9, 2.4),
    "SQ017": (3.3, 2.7), "SQ018": (3.4, 2.5), "SQ019": (3.4, 3.4), "SQ020": (3.6, 2.7),
}

SECTOR_BATTERY = Battery(
    importance="IMPORT",
    proficiency="PROFIC",
    items=tuple(_SECTOR_MEANS),
    means=_SECTOR_MEANS,
    effects=(
        Effect("sector", "CONST", "SQ012", "proficiency", -1.2),
        Effect("sector", "AGRI", "SQ010", "importance", 0.5),
        Effect("sector", "AGRI", "SQ010", "proficiency", -0.5),
        Effect("sector", "WOOD", "SQ013", "importance", 0.5),
        Effect("sector", "WOOD", "SQ013", "proficiency", -0.5),
        Effect("sector", "MANUF", "SQ003", "importance", 0.5),
        Effect("sector", "MANUF", "SQ003", "proficiency", -0.5),
        Effect("country", "IT", "SQ008", "importance", 0.4),
        Effect("country", "FI", "SQ014", "proficiency", 0.4),
        Effect("country", "BG", "SQ001", "proficiency", -0.4),
    ),
    no_answer={
        **{item: 0.014 for item in _SECTOR_MEANS}, "SQ006": 0.05, "SQ007": 0.06, "SQ015": 0.045,
    },
    zero_gap=("SQ019",),
)


def _choice(rng: np.random.Generator, codes: Sequence[str], p: Sequence[float]) -> str:
    weights = np.asarray(p, dtype=float)
    return str(codes[int(rng.choice(len(codes), p=weights / weights.sum()))])


def _sector_profile(rng: np.random.Generator, country: str, language: str) -> dict[str, str]:
    size = _choice(rng, ["MICRO", "SMALL", "MED", "LARGE"], [0.27, 0.33, 0.24, 0.16])
    return {
        "COUNTRY": country,
        "SECTOR": _choice(rng, ["AGRI", "MANUF", "CONST", "WOOD", "SUSTM"], [0.22, 0.21, 0.21, 0.16, 0.20]),
        "RESPTYPE": _choice(rng, ["EMPHR", "EMPLO", "VET", "PUB"], [0.34, 0.30, 0.21, 0.15]),
        "ORGSIZE": "" if rng.random() < 0.05 else size,
    }


_NAMES = {
    "IT": (("marco", "giulia", "luca", "francesca", "andrea", "chiara", "matteo", "sara", "paolo", "elena"),
           ("rossi", "bianchi", "romano", "colombo", "ricci", "marino", "greco", "bruno", "gallo", "conti")),
    "ES": (("javier", "lucia", "carlos", "maria", "david", "laura", "pablo", "ana", "sergio", "elena"),
           ("garcia", "lopez", "martinez", "sanchez", "perez", "gomez", "fernandez", "ruiz", "diaz", "moreno")),
    "BE": (("jan", "sofie", "pieter", "marie", "thomas", "emma", "lucas", "julie", "wouter", "lotte"),
           ("peeters", "janssens", "maes", "jacobs", "mertens", "willems", "claes", "goossens", "wouters", "dubois")),
    "FI": (("mikko", "anna", "juha", "laura", "timo", "sanna", "jari", "maria", "antti", "hanna"),
           ("korhonen", "virtanen", "makinen", "nieminen", "makela", "hamalainen", "laine", "heikkinen", "koskinen", "jarvinen")),
    "BG": (("ivan", "maria", "georgi", "elena", "dimitar", "desislava", "nikolay", "ivanka", "petar", "yana"),
           ("ivanov", "petrova", "georgiev", "dimitrova", "nikolov", "stoyanova", "todorov", "angelova", "kolev", "hristova")),
}
_DOMAINS = ("example.org", "example.com", "example.net")


def _email(rng: np.random.Generator, country: str) -> str:
    firsts, lasts = _NAMES[country]
    first = firsts[int(rng.integers(len(firsts)))]
    last = lasts[int(rng.integers(len(lasts)))]
    domain = _DOMAINS[int(rng.integers(len(_DOMAINS)))]
    form = int(rng.integers(4))
    local = (
        f"{first}.{last}", f"{first[0]}{last}", f"{first}.{last}{int(rng.integers(1, 99))}",
        f"{last}.{first}",
    )[form]
    address = f"{local}@{domain}"
    roll = rng.random()
    if roll < 0.05:
        address = f"{first.capitalize()}.{last.capitalize()}@{domain}"
    elif roll < 0.07:
        address += " "
    return address


_DELIVERY_OTHER = {
    "en": ("Podcasts and short videos", "Mentoring by experienced colleagues"),
    "it": ("Webinar registrati", "Affiancamento in azienda"),
    "bg": ("Микро-модули в YouTube", "Менторство на работното място"),
    "es": ("Cápsulas de vídeo cortas", "Visitas a empresas"),
    "fi": ("Mobiilioppiminen", "Vertaisoppiminen työpaikalla"),
}


def _sector_final_page(
    rng: np.random.Generator, profile: dict[str, str], language: str
) -> dict[str, str]:
    answers: dict[str, str] = {}
    for code, p in zip(("DF01", "DF02", "DF03", "DF04", "DF05"), (0.42, 0.33, 0.38, 0.52, 0.31), strict=True):
        answers[f"DELIVERY[{code}]"] = "Y" if rng.random() < p else ""
    other = _DELIVERY_OTHER.get(language, _DELIVERY_OTHER["en"])
    answers["DELIVERY[other]"] = other[int(rng.integers(len(other)))] if rng.random() < 0.04 else ""

    def pick(codes: Sequence[str], p: Sequence[float], blank: float) -> str:
        value = _choice(rng, codes, p)
        return "" if rng.random() < blank else value

    answers["MCLENGTH"] = pick(["LEN1", "LEN2", "LEN3", "LEN4"], [0.30, 0.38, 0.22, 0.10], 0.03)
    answers["EQFLEVEL"] = pick(["EQF3", "EQF4", "EQF5", "EQF6"], [0.18, 0.38, 0.30, 0.14], 0.04)
    pay = [0.08, 0.25, 0.32, 0.22, 0.13] if profile["ORGSIZE"] == "LARGE" else [0.18, 0.34, 0.28, 0.13, 0.07]
    answers["PAYWILL"] = pick(["PAY0", "PAY1", "PAY2", "PAY3", "PAY4"], pay, 0.05)
    answers["RECOGN"] = pick(["ECTS", "NATQ", "INDCERT", "BADGE", "NOPREF"], [0.30, 0.22, 0.24, 0.14, 0.10], 0.03)
    answers["OPENNEEDS"] = ""
    answers["EMAIL"] = _email(rng, profile["COUNTRY"]) if rng.random() < 0.30 else ""
    return answers


_SECTOR_TEXTS = {
    "en": (
        "Practical training on heat pumps and building retrofits for our technicians.",
        "We need people who can prepare the CSRD sustainability report without external consultants.",
        "Skills to calculate the carbon footprint of our products, ideally with free tools.",
        "Short courses on circular economy for production managers.",
        "Repair and remanufacturing skills, and how to design products that last longer.",
        "How to read and use energy monitoring data from our machines.",
        "Water reuse in food processing.",
        "Sustainable packaging design and alternatives to plastics.",
        "Knowledge of the EU taxonomy criteria for green investments.",
        "Green marketing without greenwashing.",
    ),
    "nl": (
        "Opleiding over warmtepompen en renovatie van gebouwen.",
        "Meer kennis over circulaire economie en hergebruik van materialen.",
        "Hoe we onze CO2-uitstoot kunnen meten en rapporteren.",
    ),
    "fr": (
        "Formation pratique sur l'efficacité énergétique des bâtiments.",
        "Compétences en écoconception et en analyse du cycle de vie.",
        "Savoir rédiger un rapport de durabilité (CSRD).",
    ),
    "it": (
        "Formazione pratica sulle pompe di calore e sulla riqualificazione energetica degli edifici.",
        "Competenze per redigere il bilancio di sostenibilità secondo la CSRD.",
        "Calcolo dell'impronta di carbonio dei prodotti, con strumenti semplici.",
        "Corsi brevi sull'economia circolare per i responsabili di produzione.",
        "Gestione dell'acqua in agricoltura e irrigazione di precisione.",
        "Progettazione di imballaggi sostenibili.",
        "Uso dei dati dei sensori per ridurre i consumi energetici.",
        "Conoscenza dei criteri ambientali minimi (CAM) per gli appalti pubblici.",
    ),
    "bg": (
        "Практическо обучение за термопомпи и енергийно саниране на сгради.",
        "Умения за изготвяне на доклад за устойчивост по CSRD.",
        "Изчисляване на въглеродния отпечатък на продуктите.",
        "Кратки курсове по кръгова икономика за ръководители на производството.",
        "Управление на водите в земеделието и капково напояване.",
        "Обучение по енергиен одит, на български език, моля.",
        "Липсва практическо обучение за работа с рециклирани материали и дървесни отпадъци.",
        "Нужни са ни курсове за „зелени“ обществени поръчки и ESG отчитане, особено за МСП.",
    ),
    "es": (
        "Formación práctica en bombas de calor y rehabilitación energética de edificios.",
        "Competencias para elaborar el informe de sostenibilidad según la CSRD.",
        "Cálculo de la huella de carbono de nuestros productos.",
        "Cursos cortos de economía circular para responsables de producción.",
        "Gestión del agua y riego eficiente en explotaciones agrícolas.",
        "Formación en ecodiseño y en el uso de materiales reciclados.",
        "Uso de sensores para controlar el consumo de energía y agua.",
    ),
    "fi": (
        "Käytännön koulutusta lämpöpumpuista ja rakennusten energiaremonteista.",
        "Osaamista CSRD:n mukaisen kestävyysraportin laatimiseen.",
        "Tuotteiden hiilijalanjäljen laskeminen.",
        "Lyhyitä kiertotalouskursseja tuotannon esihenkilöille.",
        "Puun jäljitettävyys ja kestävän metsätalouden sertifioinnit.",
        "Energiankulutuksen seuranta ja datan hyödyntäminen.",
        "Kierrätysmateriaalien käyttö huonekalujen valmistuksessa.",
    ),
}

SECTOR_SPEC = SurveySpec(
    instrument=SECTOR,
    battery=SECTOR_BATTERY,
    files=(
        FileSpec(
            name="responses.csv",
            id_prefix="",
            countries={"IT": 320, "ES": 310, "BE": 270, "FI": 300},
            n_incomplete=120, n_speeder=24, n_straightliner=24, n_duplicate=12,
            tests=(
                ("BE", "en", "test"), ("IT", "en", "TEST please ignore"), ("IT", "it", "prova"),
                ("ES", "es", "prueba"), ("FI", "fi", "testi"),
            ),
            special_texts=(
                (None, "=SUM(A1)"),
                (None, "<script>alert(1)</script>"),
                ("en", 'He said "green is the new black" - and it\'s true; isn\'t it?'),
                ("en", "Line one\nLine two, with comma; and semicolon"),
                ("en", "Skills for water reuse in food processing 🌱 (tab\there)"),
                ("en", "Contact me for a pilot group: j.peeters@example.com"),
                ("en", "Nothing to add 👍"),
                ("it", "Più formazione sul campo, per favore 🌍"),
                ("it", "Scrivetemi a giulia.conti@example.org, siamo interessati a un corso pilota."),
                ("it", "Chiamatemi al +39 333 000 0000 per un corso in azienda."),
                ("es", 'Formación en economía circular, "ecodiseño" y gestión del agua; preferiblemente en español, no en inglés.'),
                ("es", "Necesitamos cursos cortos sobre huella de carbono,\ncon certificación reconocida en toda la UE."),
                ("fi", "Lämpöpumput\nAurinkopaneelit\nEnergian varastointi"),
            ),
        ),
        FileSpec(
            name="responses_bg.csv",
            id_prefix="BG-",
            countries={"BG": 290},
            n_incomplete=29, n_speeder=6, n_straightliner=6, n_duplicate=3,
            tests=(("BG", "bg", "тест"), ("BG", "bg", "Тест – моля, игнорирайте")),
            special_texts=(
                ("bg", "Обадете се на +359 88 555 0142 за пилотно обучение."),
                ("bg", "Пишете ми на ivan.petrov@example.com, имаме интерес."),
                ("bg", "Курс за „зелени“ обществени поръчки; също и ESG отчитане 👍"),
                ("bg", "Енергийна ефективност\nВъзобновяеми източници"),
                ("bg", 'Казаха ни "мислете зелено" – но няма бюджет.'),
                ("bg", "Erasmus+ курс в Universidad de León беше много полезен."),
                ("bg", "Нужни са курсове за термопомпи\tи соларни системи."),
                ("bg", "Телефон за връзка: +359 2 555 0199, питайте за Мария."),
                ("bg", "Повече практика 🌱🌱 и по-малко теория!"),
            ),
            excel=True,
        ),
    ),
    fieldwork_open=date(2025, 3, 17),
    fieldwork_close=date(2025, 5, 23),
    median_minutes=13.0,
    languages={
        "IT": (("it", 0.88), ("en", 0.12)),
        "ES": (("es", 0.90), ("en", 0.10)),
        "BE": (("en", 1.0),),
        "FI": (("fi", 0.85), ("en", 0.15)),
        "BG": (("bg", 0.92), ("en", 0.08)),
    },
    open_question="OPENNEEDS",
    open_share=0.28,
    open_texts=_SECTOR_TEXTS,
    profile=_sector_profile,
    final_page=_sector_final_page,
    rating_code=lambda v: str(v) if v > 0 else "",
    group_variables={"sector": "SECTOR", "country": "COUNTRY"},
)


# --- regional survey -------------------------------------------------------------------------

_REGIONAL_MEANS = {
    "C01": (3.9, 3.2), "C02": (4.0, 3.3), "C03": (3.7, 3.0), "C04": (3.4, 3.4), "C05": (3.3, 3.3),
    "C06": (4.4, 2.2), "C07": (4.4, 2.3), "C08": (3.8, 3.0), "C09": (3.4, 2.8), "C10": (3.8, 3.0),
    "C11": (3.4, 2.8), "C12": (3.5, 2.8), "C13": (3.7, 3.7), "C14": (3.6, 3.0), "C15": (3.5, 3.5),
}

REGIONAL_BATTERY = Battery(
    importance="RATE",
    proficiency="RATE",
    templates=("{q}[{i}][1]", "{q}[{i}][2]"),
    items=tuple(_REGIONAL_MEANS),
    means=_REGIONAL_MEANS,
    effects=(
        Effect("country", "MK", "C02", "proficiency", -0.7),
        Effect("country", "RO", "C08", "proficiency", -0.6),
        Effect("country", "SI", "C09", "proficiency", 0.6),
        Effect("country", "GR", "C10", "importance", 0.6),
        Effect("country", "ES", "C11", "importance", 0.5),
        Effect("country", "BG", "C14", "proficiency", -0.6),
    ),
    no_answer={item: 0.012 for item in _REGIONAL_MEANS},
    dont_know={**{item: 0.043 for item in _REGIONAL_MEANS}, "C09": 0.09, "C12": 0.08},
    large_gap=("C06", "C07"),
    zero_gap=("C04", "C05", "C13", "C15"),
)


_ORGTYPE_OTHER = {
    "en": "Chamber of commerce", "bg": "Търговска камара", "ro": "Cameră de comerț",
    "el": "Επιμελητήριο", "sl": "Gospodarska zbornica", "mk": "Стопанска комора",
    "es": "Cámara de comercio",
}
_TRAINFMT_COMMENTS = {
    "en": "Short modules, max. 2 hours", "bg": "Кратки модули до 2 часа",
    "ro": "Module scurte, max. 2 ore", "el": "Σύντομες ενότητες, έως 2 ώρες",
    "sl": "Kratki moduli, največ 2 uri", "mk": "Кратки модули, најмногу 2 часа",
    "es": "Módulos cortos, máx. 2 horas",
}


def _regional_profile(rng: np.random.Generator, country: str, language: str) -> dict[str, str]:
    return {
        "COUNTRY": country,
        "ORGTYPE": _choice(
            rng, ["PUBAUTH", "RDA", "UNIV", "VET", "BUS", "NGO"], [0.26, 0.12, 0.18, 0.15, 0.17, 0.12]
        ),
        "ORGTYPE[other]": "",
    }


def _regional_final_page(
    rng: np.random.Generator, profile: dict[str, str], language: str
) -> dict[str, str]:
    answers = {"OPENCOMP": ""}
    if profile.get("ORGTYPE") == "NGO" and rng.random() < 0.3:
        # "Other" chosen instead: stored as -oth- with the text in ORGTYPE[other]
        profile["ORGTYPE"] = "-oth-"
        profile["ORGTYPE[other]"] = _ORGTYPE_OTHER[language]
    for code in ("SQ001", "SQ002", "SQ003"):
        answers[f"DIGREADY[{code}]"] = "" if rng.random() < 0.04 else str(int(rng.integers(1, 11)))
    for code, p in (("SQ001", 0.55), ("SQ002", 0.45), ("SQ003", 0.25)):
        chosen = rng.random() < p
        answers[f"TRAINFMT[{code}]"] = "Y" if chosen else ""
        comment = chosen and code == "SQ001" and rng.random() < 0.2
        answers[f"TRAINFMT[{code}comment]"] = _TRAINFMT_COMMENTS[language] if comment else ""
    answers["TRAINFMT[other]"] = ""
    answers["TRAINFMT[othercomment]"] = ""
    return answers


_REGIONAL_TEXTS = {
    "en": (
        "Skills to procure and manage smart-city platforms without vendor lock-in.",
        "Data literacy for municipal staff: dashboards, indicators, basic statistics.",
        "Cybersecurity awareness for local administrations.",
        "Using AI tools responsibly in public services.",
        "Participatory budgeting and facilitation of citizen panels.",
    ),
    "bg": (
        "Умения за работа с данни и табла за управление в общините.",
        "Киберсигурност за местната администрация.",
        "Управление на проекти по програмите на ЕС за периода 2021–2027.",
        "Използване на изкуствен интелект в публичните услуги.",
    ),
    "ro": (
        "Competențe de analiză a datelor pentru personalul din primării.",
        "Securitate cibernetică pentru administrațiile locale.",
        "Scrierea și implementarea proiectelor finanțate prin PNRR.",
        "Implicarea cetățenilor prin bugetare participativă.",
    ),
    "el": (
        "Δεξιότητες ανάλυσης δεδομένων για τα στελέχη των δήμων.",
        "Κυβερνοασφάλεια για την τοπική αυτοδιοίκηση.",
        "Διαχείριση έργων ΕΣΠΑ και Ταμείου Ανάκαμψης.",
        "Χρήση εργαλείων τεχνητής νοημοσύνης στις δημόσιες υπηρεσίες.",
    ),
    "sl": (
        "Podatkovna pismenost za zaposlene na občinah.",
        "Kibernetska varnost v lokalni upravi.",
        "Priprava in vodenje projektov, financiranih iz kohezijskih sredstev.",
        "Vključevanje prebivalcev v načrtovanje mestnih projektov.",
    ),
    "mk": (
        "Вештини за анализа на податоци за општинските службеници.",
        "Сајбер безбедност за локалната администрација.",
        "Подготовка на проекти за ИПА и други фондови на ЕУ.",
        "Вклучување на граѓаните во планирањето на буџетот.",
    ),
    "es": (
        "Competencias en análisis de datos para el personal municipal.",
        "Ciberseguridad en la administración local.",
        "Gestión de proyectos financiados con fondos Next Generation EU.",
        "Uso responsable de la inteligencia artificial en los servicios públicos.",
    ),
}

REGIONAL_SPEC = SurveySpec(
    instrument=REGIONAL,
    battery=REGIONAL_BATTERY,
    files=(
        FileSpec(
            name="responses.csv",
            id_prefix="",
            countries={"BG": 55, "RO": 52, "GR": 48, "SI": 45, "MK": 50, "ES": 50},
            n_incomplete=30, n_speeder=6, n_straightliner=6, n_duplicate=3, n_timing_speeder=3,
            tests=(
                ("BG", "en", "test"), ("BG", "bg", "тест"), ("RO", "ro", "test – vă rog ignorați"),
                ("ES", "es", "prueba"), ("GR", "el", "δοκιμή"),
            ),
            special_texts=(
                (None, "=SUM(A1)"),
                (None, "<script>alert(1)</script>"),
                ("el", "Για συνεργασία: n.papadopoulou@example.net"),
                ("mk", "Контакт: +389 2 555 0123"),
                ("bg", "Обучение по „умни“ градове; и по GDPR 🔒"),
                ("ro", "Analiza datelor\nGIS\nBugetare participativă"),
                ("sl", 'Rekli so: "podatki so nova nafta"; a manjka znanja.'),
                ("es", "Formación en datos abiertos 📊 y en participación\tciudadana."),
                ("en", "Procurement of smart-city platforms; avoiding vendor lock-in."),
            ),
        ),
    ),
    fieldwork_open=date(2025, 4, 7),
    fieldwork_close=date(2025, 6, 13),
    median_minutes=10.0,
    languages={
        "BG": (("bg", 0.90), ("en", 0.10)),
        "RO": (("ro", 0.88), ("en", 0.12)),
        "GR": (("el", 0.85), ("en", 0.15)),
        "SI": (("sl", 0.85), ("en", 0.15)),
        "MK": (("mk", 0.90), ("en", 0.10)),
        "ES": (("es", 0.90), ("en", 0.10)),
    },
    open_question="OPENCOMP",
    open_share=0.25,
    open_texts=_REGIONAL_TEXTS,
    profile=_regional_profile,
    final_page=_regional_final_page,
    rating_code=lambda v: "DK" if v == DONT_KNOW else (f"A{v}" if v > 0 else ""),
    group_variables={"country": "COUNTRY"},
)


# ---------------------------------------------------------------------------------------------
# Simulation
# ---------------------------------------------------------------------------------------------


@dataclass
class Response:
    """One raw response as the server stored it."""

    file: str
    country: str
    language: str
    flaw: str | None
    answers: dict[str, str]
    start: datetime = datetime(2000, 1, 1)
    end: datetime = datetime(2000, 1, 1)  # datestamp (= submitdate when submitted)
    submitted: bool = True
    lastpage: int = 0
    seed: str = ""
    ip: str = ""
    token: str = ""
    same_as: Response | None = None
    gap: int = 0  # seconds between the original's submission and a duplicate's start
    number: int = 0  # response id within its file
    prefix: str = ""
    #: LimeSurvey's ``interviewtime`` in seconds (surveys saving timings), else None
    interview: float | None = None
    #: a speeder found only by ``interviewtime`` (its wall-clock time looks normal)
    timing_only: bool = False

    @property
    def id(self) -> str:
        """Id as the pipeline sees it (with the file's prefix)."""
        return self.prefix + str(self.number)


@dataclass
class Simulation:
    """Simulated responses of one survey, per file in id order, with what was planted."""

    spec: SurveySpec
    headings: list[str]
    files: dict[str, list[Response]]
    median_seconds: float

    def rows(self, name: str) -> list[list[str]]:
        """Cells of one file, in heading order (LimeSurvey's values, before any re-saving)."""
        return [_cells(r, self.headings) for r in self.files[name]]

    def responses(self) -> list[Response]:
        """All responses of the survey, file by file."""
        return [r for name in self.files for r in self.files[name]]


def _cells(response: Response, headings: Sequence[str]) -> list[str]:
    meta = {
        "id": str(response.number),
        "submitdate": response.end.strftime(LIMESURVEY_DATE_FORMAT) if response.submitted else "",
        "lastpage": str(response.lastpage),
        "startlanguage": response.language,
        "seed": response.seed,
        "token": response.token,
        "startdate": response.start.strftime(LIMESURVEY_DATE_FORMAT),
        "datestamp": response.end.strftime(LIMESURVEY_DATE_FORMAT),
        "ipaddr": response.ip,
    }
    return [meta[h] if h in meta else response.answers.get(h, "") for h in headings]


def _pages(instrument: Instrument) -> dict[str, int]:
    """Heading -> page (group number) of every question column."""
    pages: dict[str, int] = {}
    for question in instrument.questions:
        single = Instrument(
            instrument.sid, instrument.base_language, (), {}, {}, {}, (), (question,)
        )
        for heading in question_headings(single):
            pages[heading] = question.group
    return pages


def _language(rng: np.random.Generator, spec: SurveySpec, country: str) -> str:
    options = spec.languages[country]
    return _choice(rng, [o[0] for o in options], [o[1] for o in options])


def _start_times(
    rng: np.random.Generator, spec: SurveySpec, n: int
) -> list[datetime]:
    """Start moments over the fieldwork: a launch peak, reminder peaks, quieter weekends."""
    days = (spec.fieldwork_close - spec.fieldwork_open).days + 1
    offsets = np.arange(days)
    weights = (
        np.exp(-offsets / 12.0)
        + 0.7 * np.exp(-(((offsets - 14) / 2.5) ** 2))
        + 0.5 * np.exp(-(((offsets - 35) / 2.5) ** 2))
        + 0.08
    )
    weekday = np.array([(spec.fieldwork_open + timedelta(int(d))).weekday() for d in offsets])
    weights = np.where(weekday >= 5, weights * 0.3, weights)
    hours = np.array([0.2, 0.1, 0.05, 0.05, 0.05, 0.1, 0.3, 0.8, 2.0, 3.0, 3.2, 3.0,
                      2.2, 2.5, 3.0, 2.8, 2.4, 1.8, 1.2, 1.0, 1.0, 0.9, 0.6, 0.35])
    day = rng.choice(days, size=n, p=weights / weights.sum())
    hour = rng.choice(24, size=n, p=hours / hours.sum())
    second = rng.integers(0, 3600, size=n)
    base = datetime.combine(spec.fieldwork_open, datetime.min.time())
    return [
        base + timedelta(days=int(d), hours=int(h), seconds=int(s))
        for d, h, s in zip(day, hour, second, strict=True)
    ]


def _normal_seconds(rng: np.random.Generator, spec: SurveySpec, n: int) -> np.ndarray:
    """Interview times of ordinary respondents: log-normal with a tail of left-open tabs."""
    seconds = spec.median_minutes * 60 * np.exp(rng.normal(0.0, 0.42, size=n))
    tail = rng.random(size=n) < 0.03
    return seconds + np.where(tail, rng.uniform(30, 300, size=n) * 60, 0.0)


def _token(rng: np.random.Generator) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(alphabet[int(i)] for i in rng.integers(0, len(alphabet), size=15))


def _ip(rng: np.random.Generator) -> str:
    prefix = ("192.0.2", "198.51.100", "203.0.113")[int(rng.integers(3))]
    return f"{prefix}.{int(rng.integers(1, 255))}"


def simulate(rng: np.random.Generator, spec: SurveySpec) -> Simulation:
    """Simulate every response file of a survey (see the module docstring)."""
    instrument, battery = spec.instrument, spec.battery
    headings = metadata_headings(instrument) + question_headings(instrument)
    pages = _pages(instrument)
    n_pages = len(instrument.groups)
    uses_ip = "ipaddr" in headings
    uses_token = "token" in headings
    imp_headings = [battery.column("importance", i) for i in battery.items]
    pro_headings = [battery.column("proficiency", i) for i in battery.items]

    files: dict[str, list[Response]] = {}
    tokens_used: set[str] = set()
    for fspec in spec.files:
        people: list[Response] = []
        for country, count in fspec.countries.items():
            for _ in range(count):
                people.append(Response(fspec.name, country, "", None, {}, prefix=fspec.id_prefix))
        order = rng.permutation(len(people))
        cut = np.cumsum([fspec.n_incomplete, fspec.n_speeder, fspec.n_straightliner])
        for rank, index in enumerate(order):
            if rank < cut[0]:
                people[index].flaw = "incomplete"
            elif rank < cut[1]:
                people[index].flaw = "speeder"
            elif rank < cut[2]:
                people[index].flaw = "straightliner"
        for country, language, text in fspec.tests:
            tester = Response(fspec.name, country, language, "test", {}, prefix=fspec.id_prefix)
            tester.answers[spec.open_question] = text
            people.append(tester)

        for person in people:
            if not person.language:
                person.language = _language(rng, spec, person.country)
            person.answers.update(spec.profile(rng, person.country, person.language))

        groups = {
            variable: np.array([p.answers[code] for p in people])
            for variable, code in spec.group_variables.items()
        }
        importance, proficiency = simulate_ratings(rng, battery, groups)
        for k, person in enumerate(people):
            imp, pro = importance[k], proficiency[k]
            if person.flaw == "straightliner":
                v1 = int(rng.choice([3, 4, 5], p=[0.3, 0.45, 0.25]))
                v2 = int(rng.choice([2, 3, 4], p=[0.3, 0.45, 0.25]))
                imp, pro = np.full(len(imp), v1), np.full(len(pro), v2)
            elif person.flaw == "speeder":
                imp = rng.integers(1, 6, size=len(imp))
                pro = rng.integers(1, 6, size=len(pro))
                while _flat(imp[None])[0] or _flat(pro[None])[0]:
                    imp, pro = rng.integers(1, 6, size=len(imp)), rng.integers(1, 6, size=len(pro))
            for h, v in zip(imp_headings, imp, strict=True):
                person.answers[h] = spec.rating_code(int(v))
            for h, v in zip(pro_headings, pro, strict=True):
                person.answers[h] = spec.rating_code(int(v))
            final = spec.final_page(rng, person.answers, person.language)
            if person.flaw != "test":
                final.pop(spec.open_question, None)
                if rng.random() < (0.05 if person.flaw in ("speeder", "straightliner") else spec.open_share):
                    pool = _open_pool(spec, person)
                    final[spec.open_question] = pool[int(rng.integers(len(pool)))]
            else:
                final.pop(spec.open_question, None)
                if "EMAIL" in final:
                    final["EMAIL"] = ""
            person.answers.update(final)

        normal = [p for p in people if p.flaw is None]
        for language, text in fspec.special_texts:
            candidates = [
                p for p in normal
                if (language is None or p.language == language) and not p.answers.get("_special")
            ]
            chosen = candidates[int(rng.integers(len(candidates)))]
            chosen.answers[spec.open_question] = text
            chosen.answers["_special"] = "1"
        for p in normal:
            p.answers.pop("_special", None)

        # timing
        starts = _start_times(rng, spec, len(people))
        seconds = _normal_seconds(rng, spec, len(people))
        for person, start, duration in zip(people, starts, seconds, strict=True):
            person.start = start
            person.lastpage = n_pages
            if person.flaw == "test":
                days_before = int(rng.integers(2, 7))
                person.start = datetime.combine(
                    spec.fieldwork_open - timedelta(days=days_before), datetime.min.time()
                ) + timedelta(hours=int(rng.integers(9, 17)), seconds=int(rng.integers(3600)))
            if person.flaw == "speeder":
                duration = rng.uniform(0.08, 0.17) * spec.median_minutes * 60
            if person.flaw == "incomplete":
                person.submitted = False
                person.lastpage = int(rng.choice([1, 2], p=[0.55, 0.45]))
                duration = (
                    rng.uniform(40, 240) if person.lastpage == 1
                    else spec.median_minutes * 60 * rng.uniform(0.35, 0.8)
                )
                for heading, page in pages.items():
                    if page > person.lastpage:
                        person.answers[heading] = ""
            person.end = person.start + timedelta(seconds=int(round(duration)))
            person.seed = "" if rng.random() < 0.03 else str(int(rng.integers(10**8, 2**31 - 1)))
            if uses_ip:
                person.ip = _ip(rng)
            if uses_token:
                token = _token(rng)
                while token in tokens_used:
                    token = _token(rng)
                tokens_used.add(token)
                person.token = token

        # duplicates: a second submission with every answer equal, minutes after the first
        picks = rng.choice(len(normal), size=fspec.n_duplicate, replace=False)
        originals = [normal[int(i)] for i in picks]
        for original in originals:
            copy = Response(
                fspec.name, original.country, original.language, "duplicate",
                dict(original.answers), prefix=fspec.id_prefix, same_as=original,
            )
            copy.gap = int(rng.integers(60, 900))
            copy.start = original.end + timedelta(seconds=copy.gap)
            copy.end = copy.start + timedelta(seconds=int(round(_normal_seconds(rng, spec, 1)[0])))
            copy.lastpage = n_pages
            copy.seed = str(int(rng.integers(10**8, 2**31 - 1)))
            copy.ip = original.ip
            copy.token = original.token
            people.append(copy)

        files[fspec.name] = people

    median = _enforce_durations(rng, spec, files)
    for people in files.values():
        for copy in people:
            if copy.same_as is not None:  # keep the copy minutes after the (final) original
                duration = copy.end - copy.start
                copy.start = copy.same_as.end + timedelta(seconds=copy.gap)
                copy.end = copy.start + duration
        # LimeSurvey numbers responses as they start
        people.sort(key=lambda p: p.start)
        for number, person in enumerate(people, start=1):
            person.number = number
    if spec.instrument.settings.get("savetimings") == "Y":
        _interview_times(rng, spec, files)
    sim = Simulation(spec, headings, files, median)
    _check(sim)
    return sim


def _open_pool(spec: SurveySpec, person: Response) -> tuple[str, ...]:
    if person.country == "BE" and person.language == "en":
        return spec.open_texts["en"] + spec.open_texts["nl"] + spec.open_texts["fr"]
    return spec.open_texts.get(person.language, spec.open_texts["en"])


def _as_read(response: Response, excel: bool) -> tuple[datetime, datetime]:
    """Start and submit moments as a reader of the file sees them (Excel drops the seconds)."""
    if excel:
        return response.start.replace(second=0), response.end.replace(second=0)
    return response.start, response.end


def _seconds(response: Response, excel: bool) -> float:
    start, end = _as_read(response, excel)
    return (end - start).total_seconds()


def _clean_complete(sim_files: dict[str, list[Response]]) -> list[Response]:
    """Responses the speeder rule is applied to: submitted, not tests, not the earlier duplicate."""
    earlier = {id(r.same_as) for rs in sim_files.values() for r in rs if r.same_as is not None}
    return [
        r for rs in sim_files.values() for r in rs
        if r.submitted and r.flaw != "test" and id(r) not in earlier
    ]


def _enforce_durations(
    rng: np.random.Generator, spec: SurveySpec, files: dict[str, list[Response]]
) -> float:
    """Keep ordinary respondents >= 0.45 x median and planted speeders < 0.2 x median."""
    excel = {f.name: f.excel for f in spec.files}
    for _ in range(100):
        pool = _clean_complete(files)
        median = float(np.median([_seconds(r, excel[r.file]) for r in pool]))
        changed = False
        for response in (r for rs in files.values() for r in rs):
            if not response.submitted or response.flaw == "speeder":
                continue
            if _seconds(response, excel[response.file]) < NORMAL_MIN_SHARE * median + 61:
                new = _normal_seconds(rng, spec, 1)[0]
                if new >= NORMAL_MIN_SHARE * median + 61:
                    response.end = response.start + timedelta(seconds=int(round(new)))
                changed = True
        if not changed:
            break
    else:  # pragma: no cover - the draws converge in a few rounds
        raise RuntimeError("interview times did not converge")
    for response in (r for rs in files.values() for r in rs if r.flaw == "speeder"):
        if _seconds(response, excel[response.file]) >= SPEEDER_MAX_SHARE * median:
            raise RuntimeError(f"planted speeder {response.id} is not fast enough")
    return median


def _interview_times(
    rng: np.random.Generator, spec: SurveySpec, files: dict[str, list[Response]]
) -> None:
    """LimeSurvey's ``interviewtime`` of every response (a survey saving timings).

    It is the time spent on the survey's pages: a little under submit date minus start date
    (93-99%), so the wall-clock speeders are short here too. Then ``n_timing_speeder``
    ordinary submitted respondents per file become speeders that only this time reveals: their
    dates look normal, their pages took under 0.15 x the median. The median is LimeSurvey's
    speeder rule's: over the submitted responses no rule excludes (analysis.clean.rules.speeders).
    """
    special = {text for fspec in spec.files for _language, text in fspec.special_texts}
    originals = {id(r.same_as) for rs in files.values() for r in rs if r.same_as is not None}
    for fspec in spec.files:
        people = files[fspec.name]
        for person in people:
            wall = (person.end - person.start).total_seconds()
            person.interview = round(wall * float(rng.uniform(0.93, 0.99)), 2)
        candidates = [
            p for p in people
            if p.flaw is None and p.submitted and id(p) not in originals
            and p.answers.get(spec.open_question, "") not in special
        ]
        picks = rng.choice(len(candidates), size=fspec.n_timing_speeder, replace=False)
        for index in sorted(int(i) for i in picks):
            candidates[index].flaw = "speeder"
            candidates[index].timing_only = True
    pool = [
        r for r in _clean_complete(files) if r.flaw not in ("speeder", "straightliner")
    ]
    median = float(np.median([r.interview for r in pool]))
    for response in (r for rs in files.values() for r in rs if r.timing_only):
        response.interview = round(float(rng.uniform(0.06, 0.15)) * median, 2)
    for response in _clean_complete(files):
        share = response.interview / median
        if response.flaw == "speeder" and share >= SPEEDER_MAX_SHARE:  # pragma: no cover
            raise RuntimeError(f"planted speeder {response.id} is not fast enough")
        if response.flaw != "speeder" and share < NORMAL_MIN_SHARE:  # pragma: no cover
            raise RuntimeError(f"response {response.id} took {share:.2f} x the median")


def _timed(response: Response, excel: bool) -> float:
    """Interview time as the speeder rule sees it: ``interviewtime`` where the export has it."""
    if response.interview is not None:
        return response.interview
    return _seconds(response, excel)


# ---------------------------------------------------------------------------------------------
# Self-check: the planted flaws are exactly what the documented rules find
# ---------------------------------------------------------------------------------------------


def detect_flaws(sim: Simulation) -> dict[str, list[str]]:
    """Apply the documented rules, in order, to the simulated data as files will show it."""
    spec = sim.spec
    battery = spec.battery
    excel = {f.name: f.excel for f in spec.files}
    question_columns = question_headings(spec.instrument)
    remaining = sim.responses()
    found: dict[str, list[str]] = {}

    test = [r for r in remaining if r.start.date() < spec.fieldwork_open]
    found["test"] = [r.id for r in test]
    remaining = [r for r in remaining if r not in test]

    incomplete = [r for r in remaining if not r.submitted]
    found["incomplete"] = [r.id for r in incomplete]
    remaining = [r for r in remaining if r.submitted]

    by_answers: dict[tuple[str, ...], list[Response]] = {}
    for r in sorted(remaining, key=lambda r: (_as_read(r, excel[r.file])[1], r.number, r.id)):
        by_answers.setdefault(tuple(r.answers.get(c, "") for c in question_columns), []).append(r)
    earlier = [r for group in by_answers.values() for r in group[:-1]]
    found["duplicate"] = [r.id for r in earlier]
    remaining = [r for r in remaining if r not in earlier]

    median = float(np.median([_timed(r, excel[r.file]) for r in remaining]))
    fast = [r for r in remaining if _timed(r, excel[r.file]) < SPEEDER_SHARE * median]
    found["speeder"] = [r.id for r in fast]
    remaining = [r for r in remaining if r not in fast]

    def flat(r: Response, dimension: str) -> bool:
        values = [r.answers.get(battery.column(dimension, i), "") for i in battery.items]
        values = [v for v in values if v not in ("", "DK")]
        return len(values) >= 2 and len(set(values)) == 1

    found["straightliner"] = [
        r.id for r in remaining if flat(r, "importance") or flat(r, "proficiency")
    ]
    return found


def _check(sim: Simulation) -> None:
    planted: dict[str, list[str]] = {k: [] for k in FLAWS}
    for r in sim.responses():
        if r.flaw == "duplicate":
            planted["duplicate"].append(r.same_as.id)  # the earlier one is excluded
        elif r.flaw is not None:
            planted[r.flaw].append(r.id)
    found = detect_flaws(sim)
    for flaw, ids in planted.items():
        if sorted(ids) != sorted(found[flaw]):
            raise RuntimeError(
                f"{sim.spec.instrument.sid}: planted {flaw} {sorted(ids)} but the rules find "
                f"{sorted(found[flaw])}"
            )

