"""The two bundled survey instruments as data: questions, answers, subquestions, translations.

Codes, ids and question types are contracts used by configs and tests elsewhere in the project.
Texts are real translations so the sample exports look like what partners' servers produce.
"""

# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = [
    "Attribute",
    "COMPETENCE_GROUPS",
    "COMPETENCIES",
    "Group",
    "Instrument",
    "Option",
    "Question",
    "REGIONAL",
    "SECTOR",
    "SKILLS",
    "Subquestion",
]

Texts = dict[str, str]


@dataclass(frozen=True)
class Option:
    """An answer option (``answers`` row plus its ``answer_l10ns``)."""

    code: str
    labels: Texts
    assessment_value: int = 0
    scale_id: int = 0


@dataclass(frozen=True)
class Subquestion:
    """A subquestion (array row or multiple-choice option)."""

    code: str
    labels: Texts


@dataclass(frozen=True)
class Attribute:
    """A question attribute: one value for all languages, or one per language."""

    name: str
    value: str | Texts


@dataclass(frozen=True)
class Question:
    """A top-level question; ``group`` is the 1-based position of its group (page)."""

    code: str
    type: str
    group: int
    texts: Texts
    help: Texts = field(default_factory=dict)
    mandatory: bool = False
    other: bool = False
    options: tuple[Option, ...] = ()
    subquestions: tuple[Subquestion, ...] = ()
    attributes: tuple[Attribute, ...] = ()


@dataclass(frozen=True)
class Group:
    """A question group (one page in a group-by-group survey)."""

    names: Texts
    descriptions: Texts


@dataclass(frozen=True)
class Instrument:
    """A whole survey: settings, texts per language, groups and questions in survey order."""

    sid: int
    base_language: str
    additional_languages: tuple[str, ...]
    titles: Texts
    descriptions: Texts
    endtexts: Texts
    groups: tuple[Group, ...]
    questions: tuple[Question, ...]
    settings: dict[str, str] = field(default_factory=dict)
    participant_table: bool = False
    #: participant attributes (``attribute_1``, description) of the participants table
    participant_attributes: tuple[tuple[str, str], ...] = ()

    @property
    def languages(self) -> tuple[str, ...]:
        """Base language first, then the additional languages in the order they were added."""
        return (self.base_language, *self.additional_languages)

    def question(self, code: str) -> Question:
        """The question with this code."""
        for question in self.questions:
            if question.code == code:
                return question
        raise KeyError(code)


def _s(en: str, it: str, bg: str, es: str, fi: str) -> Texts:
    """Texts of the sector survey (en it bg es fi)."""
    return {"en": en, "it": it, "bg": bg, "es": es, "fi": fi}


def _r(en: str, bg: str, ro: str, el: str, sl: str, mk: str, es: str) -> Texts:
    """Texts of the regional survey (en bg ro el sl mk es)."""
    return {"en": en, "bg": bg, "ro": ro, "el": el, "sl": sl, "mk": mk, "es": es}


# --------------------------------------------------------------------------------------------
# 1. Sector survey 518342
# --------------------------------------------------------------------------------------------

#: The 20 green skills of the sector survey (IMPORT and PROFIC subquestions), in order.
SKILLS: tuple[Subquestion, ...] = (
    Subquestion("SQ001", _s("Energy efficiency", "Efficienza energetica", "Енергийна ефективност", "Eficiencia energética", "Energiatehokkuus")),
    Subquestion("SQ002", _s("Renewable energy systems", "Sistemi di energia rinnovabile", "Системи за възобновяема енергия", "Sistemas de energía renovable", "Uusiutuvan energian järjestelmät")),
    Subquestion("SQ003", _s("Circular design / eco-design", "Progettazione circolare / eco-design", "Кръгов дизайн / екодизайн", "Diseño circular / ecodiseño", "Kiertotalouden mukainen suunnittelu / ekosuunnittelu")),
    Subquestion("SQ004", _s("Waste management and recycling", "Gestione dei rifiuti e riciclo", "Управление на отпадъците и рециклиране", "Gestión de residuos y reciclaje", "Jätehuolto ja kierrätys")),
    Subquestion("SQ005", _s("Sustainable materials", "Materiali sostenibili", "Устойчиви материали", "Materiales sostenibles", "Kestävät materiaalit")),
    Subquestion("SQ006", _s("Life-cycle assessment (LCA)", "Valutazione del ciclo di vita (LCA)", "Оценка на жизнения цикъл (LCA)", "Análisis del ciclo de vida (ACV)", "Elinkaariarviointi (LCA)")),
    Subquestion("SQ007", _s("Carbon footprint accounting", "Calcolo dell'impronta di carbonio", "Отчитане на въглеродния отпечатък", "Cálculo de la huella de carbono", "Hiilijalanjäljen laskenta")),
    Subquestion("SQ008", _s("Environmental legislation and reporting (CSRD/ESG)", "Normativa e rendicontazione ambientale (CSRD/ESG)", "Екологично законодателство и отчитане (CSRD/ESG)", "Legislación e información medioambiental (CSRD/ESG)", "Ympäristölainsäädäntö ja -raportointi (CSRD/ESG)")),
    Subquestion("SQ009", _s("Green procurement", "Acquisti verdi", "Зелени поръчки и доставки", "Compras verdes", "Vihreät hankinnat")),
    Subquestion("SQ010", _s("Water management", "Gestione delle risorse idriche", "Управление на водите", "Gestión del agua", "Vesienhallinta")),
    Subquestion("SQ011", _s("Sustainable agriculture practices", "Pratiche agricole sostenibili", "Устойчиви земеделски практики", "Prácticas agrícolas sostenibles", "Kestävät maatalouskäytännöt")),
    Subquestion("SQ012", _s("Energy-efficient building / retrofitting", "Edilizia efficiente / riqualificazione energetica", "Енергийно ефективно строителство / саниране", "Construcción eficiente / rehabilitación energética", "Energiatehokas rakentaminen / korjausrakentaminen")),
    Subquestion("SQ013", _s("Sustainable forestry and timber sourcing", "Gestione forestale sostenibile e approvvigionamento del legno", "Устойчиво горско стопанство и доставки на дървесина", "Silvicultura sostenible y abastecimiento de madera", "Kestävä metsätalous ja puun hankinta")),
    Subquestion("SQ014", _s("Digital monitoring of resources (IoT)", "Monitoraggio digitale delle risorse (IoT)", "Цифрово наблюдение на ресурсите (IoT)", "Monitorización digital de recursos (IoT)", "Resurssien digitaalinen seuranta (IoT)")),
    Subquestion("SQ015", _s("Environmental management systems (ISO 14001/EMAS)", "Sistemi di gestione ambientale (ISO 14001/EMAS)", "Системи за управление на околната среда (ISO 14001/EMAS)", "Sistemas de gestión ambiental (ISO 14001/EMAS)", "Ympäristöjärjestelmät (ISO 14001/EMAS)")),
    Subquestion("SQ016", _s("Biodiversity protection", "Tutela della biodiversità", "Опазване на биоразнообразието", "Protección de la biodiversidad", "Luonnon monimuotoisuuden suojelu")),
    Subquestion("SQ017", _s("Sustainable logistics", "Logistica sostenibile", "Устойчива логистика", "Logística sostenible", "Kestävä logistiikka")),
    Subquestion("SQ018", _s("Green entrepreneurship and business models", "Imprenditorialità verde e modelli di business", "Зелено предприемачество и бизнес модели", "Emprendimiento verde y modelos de negocio", "Vihreä yrittäjyys ja liiketoimintamallit")),
    Subquestion("SQ019", _s("Communication of sustainability", "Comunicazione della sostenibilità", "Комуникация на устойчивостта", "Comunicación de la sostenibilidad", "Kestävyysviestintä")),
    Subquestion("SQ020", _s("Systems thinking", "Pensiero sistemico", "Системно мислене", "Pensamiento sistémico", "Systeemiajattelu")),
)


def _so(code: str, *labels: str) -> Option:
    return Option(code, _s(*labels))


SECTOR = Instrument(
    sid=518342,
    base_language="en",
    additional_languages=("it", "bg", "es", "fi"),
    titles=_s(
        "Green skills needs in five sectors",
        "Fabbisogni di competenze verdi in cinque settori",
        "Нужди от зелени умения в пет сектора",
        "Necesidades de competencias verdes en cinco sectores",
        "Vihreiden taitojen tarpeet viidellä toimialalla",
    ),
    descriptions=_s(
        "A survey of employers, employees, VET providers and public bodies on the green skills their organisations will need, to design micro-credentials that fit.",
        "Un'indagine rivolta a datori di lavoro, lavoratori, enti di formazione professionale ed enti pubblici sulle competenze verdi di cui le loro organizzazioni avranno bisogno, per progettare micro-credenziali adeguate.",
        "Проучване сред работодатели, служители, доставчици на професионално образование и обучение и публични институции за зелените умения, от които организациите им ще се нуждаят, с цел разработване на подходящи микроквалификации.",
        "Encuesta a empleadores, personas trabajadoras, centros de formación profesional y organismos públicos sobre las competencias verdes que necesitarán sus organizaciones, para diseñar microcredenciales adecuadas.",
        "Kysely työnantajille, työntekijöille, ammatillisen koulutuksen järjestäjille ja julkisille toimijoille siitä, mitä vihreitä taitoja heidän organisaationsa tarvitsevat, jotta voimme suunnitella sopivia mikrotutkintoja.",
    ),
    endtexts=_s(
        "Thank you for your participation!",
        "Grazie per la partecipazione!",
        "Благодарим ви за участието!",
        "¡Gracias por su participación!",
        "Kiitos osallistumisestasi!",
    ),
    groups=(
        Group(
            _s("Profile", "Profilo", "Профил", "Perfil", "Taustatiedot"),
            _s("About you and your organisation", "Informazioni su di lei e sulla sua organizzazione", "За вас и вашата организация", "Sobre usted y su organización", "Tietoja sinusta ja organisaatiostasi"),
        ),
        Group(
            _s("Green skills", "Competenze verdi", "Зелени умения", "Competencias verdes", "Vihreät taidot"),
            _s("Importance and current proficiency", "Importanza e livello attuale di padronanza", "Значимост и текущо ниво на владеене", "Importancia y nivel actual de dominio", "Tärkeys ja nykyinen osaamistaso"),
        ),
        Group(
            _s("Micro-credentials", "Micro-credenziali", "Микроквалификации", "Microcredenciales", "Mikrotutkinnot"),
            _s("Preferences for training", "Preferenze per la formazione", "Предпочитания за обучение", "Preferencias de formación", "Koulutusta koskevat toiveet"),
        ),
    ),
    questions=(
        Question(
            "COUNTRY", "L", 1,
            _s("In which country is your organisation based?", "In quale paese ha sede la sua organizzazione?", "В коя държава се намира вашата организация?", "¿En qué país tiene su sede su organización?", "Missä maassa organisaatiosi sijaitsee?"),
            mandatory=True,
            options=(
                _so("IT", "Italy", "Italia", "Италия", "Italia", "Italia"),
                _so("BG", "Bulgaria", "Bulgaria", "България", "Bulgaria", "Bulgaria"),
                _so("ES", "Spain", "Spagna", "Испания", "España", "Espanja"),
                _so("BE", "Belgium", "Belgio", "Белгия", "Bélgica", "Belgia"),
                _so("FI", "Finland", "Finlandia", "Финландия", "Finlandia", "Suomi"),
            ),
        ),
        Question(
            "SECTOR", "L", 1,
            _s("In which sector does your organisation mainly work?", "In quale settore opera principalmente la sua organizzazione?", "В кой сектор работи основно вашата организация?", "¿En qué sector trabaja principalmente su organización?", "Millä toimialalla organisaatiosi pääasiassa toimii?"),
            mandatory=True,
            options=(
                _so("AGRI", "Agri-food", "Agroalimentare", "Агро-хранителен сектор", "Agroalimentario", "Maatalous ja elintarvikkeet"),
                _so("MANUF", "Manufacturing", "Manifatturiero", "Производство", "Industria manufacturera", "Valmistava teollisuus"),
                _so("CONST", "Construction", "Edilizia", "Строителство", "Construcción", "Rakentaminen"),
                _so("WOOD", "Wood-Furniture", "Legno-arredo", "Дървообработване и мебели", "Madera y mueble", "Puu- ja huonekaluteollisuus"),
                _so("SUSTM", "Sustainability Management", "Gestione della sostenibilità", "Управление на устойчивостта", "Gestión de la sostenibilidad", "Kestävyysjohtaminen"),
            ),
        ),
        Question(
            "RESPTYPE", "L", 1,
            _s("Which of the following best describes you?", "Quale delle seguenti opzioni la descrive meglio?", "Кое от следните ви описва най-добре?", "¿Cuál de las siguientes opciones le describe mejor?", "Mikä seuraavista kuvaa sinua parhaiten?"),
            mandatory=True,
            options=(
                _so("EMPHR", "Employer / HR manager", "Datore di lavoro / responsabile HR", "Работодател / HR мениджър", "Empleador / responsable de RR. HH.", "Työnantaja / henkilöstöpäällikkö"),
                _so("EMPLO", "Employee", "Lavoratore dipendente", "Служител", "Persona trabajadora", "Työntekijä"),
                _so("VET", "VET provider", "Ente di formazione professionale", "Доставчик на ПОО", "Centro de formación profesional", "Ammatillisen koulutuksen järjestäjä"),
                _so("PUB", "Public body", "Ente pubblico", "Публична институция", "Organismo público", "Julkinen toimija"),
            ),
        ),
        Question(
            "ORGSIZE", "L", 1,
            _s("How many people work in your organisation?", "Quante persone lavorano nella sua organizzazione?", "Колко души работят във вашата организация?", "¿Cuántas personas trabajan en su organización?", "Kuinka monta henkilöä organisaatiossasi työskentelee?"),
            options=(
                _so("MICRO", "1-9 (micro)", "1-9 (micro)", "1-9 (микро)", "1-9 (micro)", "1-9 (mikro)"),
                _so("SMALL", "10-49 (small)", "10-49 (piccola)", "10-49 (малка)", "10-49 (pequeña)", "10-49 (pieni)"),
                _so("MED", "50-249 (medium)", "50-249 (media)", "50-249 (средна)", "50-249 (mediana)", "50-249 (keskisuuri)"),
                _so("LARGE", "250+ (large)", "250+ (grande)", "250+ (голяма)", "250+ (grande)", "250+ (suuri)"),
            ),
        ),
        Question(
            "IMPORT", "A", 2,
            _s("How IMPORTANT are the following green skills for your organisation's work in the next 3 years?", "Quanto sono IMPORTANTI le seguenti competenze verdi per il lavoro della sua organizzazione nei prossimi 3 anni?", "Колко ВАЖНИ са следните зелени умения за работата на вашата организация през следващите 3 години?", "¿Qué IMPORTANCIA tienen las siguientes competencias verdes para el trabajo de su organización en los próximos 3 años?", "Kuinka TÄRKEITÄ seuraavat vihreät taidot ovat organisaatiosi työlle seuraavien 3 vuoden aikana?"),
            help=_s("1 = not important at all, 5 = very important", "1 = per niente importante, 5 = molto importante", "1 = изобщо не е важно, 5 = много важно", "1 = nada importante, 5 = muy importante", "1 = ei lainkaan tärkeä, 5 = erittäin tärkeä"),
            subquestions=SKILLS,
        ),
        Question(
            "PROFIC", "A", 2,
            _s("What is the CURRENT proficiency of your workforce in these skills?", "Qual è l'ATTUALE livello di padronanza di queste competenze da parte del suo personale?", "Какво е ТЕКУЩОТО ниво на владеене на тези умения от вашия персонал?", "¿Cuál es el nivel ACTUAL de dominio de estas competencias en su plantilla?", "Mikä on henkilöstösi NYKYINEN osaamistaso näissä taidoissa?"),
            help=_s("1 = very low, 5 = very high", "1 = molto basso, 5 = molto alto", "1 = много ниско, 5 = много високо", "1 = muy bajo, 5 = muy alto", "1 = erittäin heikko, 5 = erittäin hyvä"),
            subquestions=SKILLS,
        ),
        Question(
            "DELIVERY", "M", 3,
            _s("Which delivery formats would suit you? (choose all that apply)", "Quali modalità di erogazione sarebbero adatte a lei? (scelga tutte le opzioni pertinenti)", "Кои формати на обучение биха ви подхождали? (изберете всички подходящи)", "¿Qué formatos de impartición le resultarían adecuados? (elija todos los que correspondan)", "Mitkä toteutustavat sopisivat sinulle? (valitse kaikki sopivat)"),
            other=True,
            subquestions=(
                Subquestion("DF01", _s("Online, self-paced", "Online, in autoapprendimento", "Онлайн, в собствено темпо", "En línea, a su propio ritmo", "Verkossa, omaan tahtiin")),
                Subquestion("DF02", _s("Live online", "Online in diretta", "Онлайн на живо", "En línea en directo", "Verkossa reaaliajassa")),
                Subquestion("DF03", _s("In person", "In presenza", "Присъствено", "Presencial", "Lähiopetuksena")),
                Subquestion("DF04", _s("Blended", "Misto (blended)", "Смесено обучение", "Mixto (semipresencial)", "Monimuoto-opetuksena")),
                Subquestion("DF05", _s("Work-based learning", "Apprendimento sul lavoro", "Обучение на работното място", "Aprendizaje en el puesto de trabajo", "Työpaikalla tapahtuva oppiminen")),
            ),
            attributes=(
                Attribute("other_replace_text", _s("Other format", "Altro formato", "Друг формат", "Otro formato", "Muu toteutustapa")),
            ),
        ),
        Question(
            "MCLENGTH", "L", 3,
            _s("What length of micro-credential would suit you best?", "Quale durata della micro-credenziale sarebbe più adatta a lei?", "Каква продължителност на микроквалификацията би ви подхождала най-добре?", "¿Qué duración de microcredencial le convendría más?", "Minkä laajuinen mikrotutkinto sopisi sinulle parhaiten?"),
            options=(
                _so("LEN1", "Less than 1 ECTS (under 25 hours)", "Meno di 1 ECTS (meno di 25 ore)", "По-малко от 1 ECTS (под 25 часа)", "Menos de 1 ECTS (menos de 25 horas)", "Alle 1 opintopiste (alle 25 tuntia)"),
                _so("LEN2", "1–2 ECTS", "1–2 ECTS", "1–2 ECTS", "1–2 ECTS", "1–2 opintopistettä"),
                _so("LEN3", "3–5 ECTS", "3–5 ECTS", "3–5 ECTS", "3–5 ECTS", "3–5 opintopistettä"),
                _so("LEN4", "More than 5 ECTS", "Più di 5 ECTS", "Повече от 5 ECTS", "Más de 5 ECTS", "Yli 5 opintopistettä"),
            ),
        ),
        Question(
            "EQFLEVEL", "L", 3,
            _s("At which EQF level should the micro-credentials be offered?", "A quale livello EQF dovrebbero essere offerte le micro-credenziali?", "На кое ниво от Европейската квалификационна рамка (ЕКР) трябва да се предлагат микроквалификациите?", "¿En qué nivel del Marco Europeo de Cualificaciones (MEC) deberían ofrecerse las microcredenciales?", "Millä EQF-tasolla mikrotutkintoja tulisi tarjota?"),
            options=tuple(
                _so(f"EQF{n}", f"EQF level {n}", f"Livello EQF {n}", f"Ниво {n} по ЕКР", f"Nivel {n} del MEC", f"EQF-taso {n}")
                for n in (3, 4, 5, 6)
            ),
        ),
        Question(
            "PAYWILL", "L", 3,
            _s("How much would your organisation be willing to pay per person for a micro-credential?", "Quanto sarebbe disposta a pagare la sua organizzazione per persona per una micro-credenziale?", "Колко би била готова да плати вашата организация на човек за една микроквалификация?", "¿Cuánto estaría dispuesta a pagar su organización por persona por una microcredencial?", "Kuinka paljon organisaatiosi olisi valmis maksamaan henkilöä kohden yhdestä mikrotutkinnosta?"),
            options=(
                _so("PAY0", "Nothing", "Niente", "Нищо", "Nada", "Ei mitään"),
                _so("PAY1", "Up to 100 EUR", "Fino a 100 EUR", "До 100 EUR", "Hasta 100 EUR", "Enintään 100 EUR"),
                _so("PAY2", "100–300 EUR", "100–300 EUR", "100–300 EUR", "100–300 EUR", "100–300 EUR"),
                _so("PAY3", "300–600 EUR", "300–600 EUR", "300–600 EUR", "300–600 EUR", "300–600 EUR"),
                _so("PAY4", "More than 600 EUR", "Più di 600 EUR", "Повече от 600 EUR", "Más de 600 EUR", "Yli 600 EUR"),
            ),
        ),
        Question(
            "RECOGN", "L", 3,
            _s("Which form of recognition would you value most?", "Quale forma di riconoscimento apprezzerebbe di più?", "Коя форма на признаване бихте ценили най-много?", "¿Qué forma de reconocimiento valoraría más?", "Mitä tunnustamisen muotoa arvostaisit eniten?"),
            options=(
                _so("ECTS", "ECTS credits", "Crediti ECTS", "Кредити по ECTS", "Créditos ECTS", "ECTS-opintopisteet"),
                _so("NATQ", "Entry in a national qualification register", "Iscrizione in un registro nazionale delle qualificazioni", "Вписване в национален регистър на квалификациите", "Inscripción en un registro nacional de cualificaciones", "Merkintä kansalliseen tutkintorekisteriin"),
                _so("INDCERT", "Industry certificate", "Certificato di settore", "Браншов сертификат", "Certificado sectorial", "Alan sertifikaatti"),
                _so("BADGE", "Digital badge", "Open badge digitale", "Дигитален бадж", "Insignia digital", "Digitaalinen osaamismerkki"),
                _so("NOPREF", "No preference", "Nessuna preferenza", "Нямам предпочитание", "Sin preferencia", "Ei mieltymystä"),
            ),
        ),
        Question(
            "OPENNEEDS", "T", 3,
            _s("Which other green skills will your organisation need?", "Di quali altre competenze verdi avrà bisogno la sua organizzazione?", "От какви други зелени умения ще се нуждае вашата организация?", "¿Qué otras competencias verdes necesitará su organización?", "Mitä muita vihreitä taitoja organisaatiosi tulee tarvitsemaan?"),
        ),
        Question(
            "EMAIL", "S", 3,
            _s("If you would like to receive the results, leave your e-mail address", "Se desidera ricevere i risultati, lasci il suo indirizzo e-mail", "Ако желаете да получите резултатите, оставете своя имейл адрес", "Si desea recibir los resultados, deje su dirección de correo electrónico", "Jos haluat saada tulokset, jätä sähköpostiosoitteesi"),
            help=_s("Optional. Used only to send you the results.", "Facoltativo. Sarà usato solo per inviarle i risultati.", "По желание. Ще се използва само за изпращане на резултатите.", "Opcional. Solo se utilizará para enviarle los resultados.", "Vapaaehtoinen. Käytetään vain tulosten lähettämiseen."),
        ),
    ),
    settings={"ipaddr": "Y", "datestamp": "Y", "anonymized": "N", "refurl": "N", "format": "G", "shownoanswer": "Y", "savetimings": "N"},
    participant_table=False,
)


# --------------------------------------------------------------------------------------------
# 2. Regional stakeholder survey 736514
# --------------------------------------------------------------------------------------------

#: The 15 core competencies of the regional survey (IMPORT and LEVEL subquestions), in order.
COMPETENCIES: tuple[Subquestion, ...] = (
    Subquestion("C01", _r("Strategic planning", "Стратегическо планиране", "Planificare strategică", "Στρατηγικός σχεδιασμός", "Strateško načrtovanje", "Стратешко планирање", "Planificación estratégica")),
    Subquestion("C02", _r("Project and funds management (EU funds)", "Управление на проекти и финансиране (фондове на ЕС)", "Managementul proiectelor și al finanțărilor (fonduri UE)", "Διαχείριση έργων και χρηματοδοτήσεων (ταμεία της ΕΕ)", "Upravljanje projektov in sredstev (skladi EU)", "Управување со проекти и фондови (фондови на ЕУ)", "Gestión de proyectos y fondos (fondos de la UE)")),
    Subquestion("C03", _r("Stakeholder engagement and partnership building", "Ангажиране на заинтересованите страни и изграждане на партньорства", "Implicarea părților interesate și construirea de parteneriate", "Συμμετοχή ενδιαφερόμενων μερών και δημιουργία συνεργασιών", "Vključevanje deležnikov in gradnja partnerstev", "Вклучување на засегнатите страни и градење партнерства", "Implicación de los agentes y creación de alianzas")),
    Subquestion("C04", _r("Regional economic analysis", "Регионален икономически анализ", "Analiză economică regională", "Περιφερειακή οικονομική ανάλυση", "Regionalna ekonomska analiza", "Регионална економска анализа", "Análisis económico regional")),
    Subquestion("C05", _r("Spatial planning", "Пространствено планиране", "Amenajarea teritoriului", "Χωροταξικός σχεδιασμός", "Prostorsko načrtovanje", "Просторно планирање", "Ordenación del territorio")),
    Subquestion("C06", _r("Smart-city technologies", "Технологии за интелигентни градове", "Tehnologii pentru orașe inteligente", "Τεχνολογίες έξυπνων πόλεων", "Tehnologije pametnih mest", "Технологии за паметни градови", "Tecnologías de ciudad inteligente")),
    Subquestion("C07", _r("Data-driven decision-making", "Вземане на решения въз основа на данни", "Luarea deciziilor pe baza datelor", "Λήψη αποφάσεων βάσει δεδομένων", "Odločanje na podlagi podatkov", "Донесување одлуки врз основа на податоци", "Toma de decisiones basada en datos")),
    Subquestion("C08", _r("Digital public services", "Цифрови публични услуги", "Servicii publice digitale", "Ψηφιακές δημόσιες υπηρεσίες", "Digitalne javne storitve", "Дигитални јавни услуги", "Servicios públicos digitales")),
    Subquestion("C09", _r("Open data and GIS", "Отворени данни и ГИС", "Date deschise și GIS", "Ανοικτά δεδομένα και ΓΣΠ", "Odprti podatki in GIS", "Отворени податоци и ГИС", "Datos abiertos y SIG")),
    Subquestion("C10", _r("Sustainability and climate adaptation", "Устойчивост и адаптация към климатичните промени", "Sustenabilitate și adaptare la schimbările climatice", "Βιωσιμότητα και προσαρμογή στην κλιματική αλλαγή", "Trajnost in prilagajanje podnebnim spremembam", "Одржливост и прилагодување кон климатските промени", "Sostenibilidad y adaptación al cambio climático")),
    Subquestion("C11", _r("Circular economy at regional level", "Кръгова икономика на регионално ниво", "Economie circulară la nivel regional", "Κυκλική οικονομία σε περιφερειακό επίπεδο", "Krožno gospodarstvo na regionalni ravni", "Кружна економија на регионално ниво", "Economía circular a escala regional")),
    Subquestion("C12", _r("Innovation ecosystems (smart specialisation)", "Иновационни екосистеми (интелигентна специализация)", "Ecosisteme de inovare (specializare inteligentă)", "Οικοσυστήματα καινοτομίας (έξυπνη εξειδίκευση)", "Inovacijski ekosistemi (pametna specializacija)", "Иновациски екосистеми (паметна специјализација)", "Ecosistemas de innovación (especialización inteligente)")),
    Subquestion("C13", _r("Change management and leadership", "Управление на промяната и лидерство", "Managementul schimbării și leadership", "Διαχείριση αλλαγών και ηγεσία", "Upravljanje sprememb in vodenje", "Управување со промени и лидерство", "Gestión del cambio y liderazgo")),
    Subquestion("C14", _r("Communication and citizen participation", "Комуникация и гражданско участие", "Comunicare și participare civică", "Επικοινωνία και συμμετοχή των πολιτών", "Komuniciranje in sodelovanje državljanov", "Комуникација и граѓанско учество", "Comunicación y participación ciudadana")),
    Subquestion("C15", _r("Policy evaluation and monitoring", "Оценка и мониторинг на политики", "Evaluarea și monitorizarea politicilor", "Αξιολόγηση και παρακολούθηση πολιτικών", "Vrednotenje in spremljanje politik", "Евалуација и следење на политики", "Evaluación y seguimiento de políticas")),
)

#: Competence groups of the regional survey (kept in project config, not in the .lss).
COMPETENCE_GROUPS: dict[str, tuple[str, ...]] = {
    "Strategy and management": ("C01", "C02", "C13", "C15"),
    "Territorial and economic development": ("C04", "C05", "C12"),
    "Digital and smart city": ("C06", "C07", "C08", "C09"),
    "Sustainability and participation": ("C03", "C10", "C11", "C14"),
}


def _scale(labels: tuple[Texts, ...], dont_know: Texts, scale_id: int) -> tuple[Option, ...]:
    """A1..A5 then DK ("Don't know"), as the survey editor codes new answer options: no
    assessment values (0), on answer scale ``scale_id`` of a dual-scale array."""
    options = [Option(f"A{n}", text, scale_id=scale_id) for n, text in enumerate(labels, start=1)]
    return (*options, Option("DK", dont_know, scale_id=scale_id))


_DONT_KNOW = _r("Don't know", "Не знам", "Nu știu", "Δεν γνωρίζω", "Ne vem", "Не знам", "No sé")

_IMPORTANCE_SCALE = _scale(
    (
        _r("1 – Not important", "1 – Не е важна", "1 – Deloc importantă", "1 – Καθόλου σημαντική", "1 – Ni pomembna", "1 – Не е важна", "1 – Nada importante"),
        _r("2 – Slightly important", "2 – Слабо важна", "2 – Puțin importantă", "2 – Λίγο σημαντική", "2 – Malo pomembna", "2 – Малку важна", "2 – Poco importante"),
        _r("3 – Moderately important", "3 – Умерено важна", "3 – Moderat importantă", "3 – Μέτρια σημαντική", "3 – Srednje pomembna", "3 – Умерено важна", "3 – Moderadamente importante"),
        _r("4 – Very important", "4 – Много важна", "4 – Foarte importantă", "4 – Πολύ σημαντική", "4 – Zelo pomembna", "4 – Многу важна", "4 – Muy importante"),
        _r("5 – Essential", "5 – От съществено значение", "5 – Esențială", "5 – Απαραίτητη", "5 – Nujna", "5 – Суштинска", "5 – Esencial"),
    ),
    _DONT_KNOW,
    0,
)

_LEVEL_SCALE = _scale(
    (
        _r("1 – Very low", "1 – Много ниско", "1 – Foarte scăzut", "1 – Πολύ χαμηλό", "1 – Zelo nizka", "1 – Многу ниско", "1 – Muy bajo"),
        _r("2 – Low", "2 – Ниско", "2 – Scăzut", "2 – Χαμηλό", "2 – Nizka", "2 – Ниско", "2 – Bajo"),
        _r("3 – Medium", "3 – Средно", "3 – Mediu", "3 – Μέτριο", "3 – Srednja", "3 – Средно", "3 – Medio"),
        _r("4 – High", "4 – Високо", "4 – Ridicat", "4 – Υψηλό", "4 – Visoka", "4 – Високо", "4 – Alto"),
        _r("5 – Very high", "5 – Много високо", "5 – Foarte ridicat", "5 – Πολύ υψηλό", "5 – Zelo visoka", "5 – Многу високо", "5 – Muy alto"),
    ),
    _DONT_KNOW,
    1,
)


def _ro(code: str, *labels: str) -> Option:
    return Option(code, _r(*labels))


REGIONAL = Instrument(
    sid=736514,
    base_language="en",
    additional_languages=("bg", "ro", "el", "sl", "mk", "es"),
    titles=_r(
        "Core competencies of regional-development and smart-city specialists",
        "Ключови компетентности на специалистите по регионално развитие и интелигентни градове",
        "Competențele de bază ale specialiștilor în dezvoltare regională și orașe inteligente",
        "Βασικές ικανότητες των ειδικών περιφερειακής ανάπτυξης και έξυπνων πόλεων",
        "Ključne kompetence strokovnjakov za regionalni razvoj in pametna mesta",
        "Клучни компетенции на специјалистите за регионален развој и паметни градови",
        "Competencias clave de los especialistas en desarrollo regional y ciudades inteligentes",
    ),
    descriptions=_r(
        "A survey of regional stakeholders on which competencies specialists in regional development and smart cities need, and how well they master them today.",
        "Проучване сред регионалните заинтересовани страни за това от какви компетентности се нуждаят специалистите по регионално развитие и интелигентни градове и доколко ги владеят днес.",
        "Un sondaj în rândul actorilor regionali despre competențele de care au nevoie specialiștii în dezvoltare regională și orașe inteligente și cât de bine le stăpânesc în prezent.",
        "Έρευνα μεταξύ περιφερειακών φορέων σχετικά με τις ικανότητες που χρειάζονται οι ειδικοί περιφερειακής ανάπτυξης και έξυπνων πόλεων και πόσο καλά τις κατέχουν σήμερα.",
        "Anketa med regionalnimi deležniki o tem, katere kompetence potrebujejo strokovnjaki za regionalni razvoj in pametna mesta ter kako dobro jih danes obvladajo.",
        "Анкета меѓу регионалните засегнати страни за тоа кои компетенции им се потребни на специјалистите за регионален развој и паметни градови и колку добро ги владеат денес.",
        "Encuesta a los agentes regionales sobre las competencias que necesitan los especialistas en desarrollo regional y ciudades inteligentes y sobre su nivel de dominio actual.",
    ),
    endtexts=_r(
        "Thank you for your participation!",
        "Благодарим ви за участието!",
        "Vă mulțumim pentru participare!",
        "Σας ευχαριστούμε για τη συμμετοχή σας!",
        "Hvala za sodelovanje!",
        "Ви благодариме за учеството!",
        "¡Gracias por su participación!",
    ),
    groups=(
        Group(
            _r("Profile", "Профил", "Profil", "Προφίλ", "Profil", "Профил", "Perfil"),
            _r("About your organisation", "За вашата организация", "Despre organizația dumneavoastră", "Σχετικά με τον οργανισμό σας", "O vaši organizaciji", "За вашата организација", "Sobre su organización"),
        ),
        Group(
            _r("Importance of competencies", "Значимост на компетентностите", "Importanța competențelor", "Σημασία των ικανοτήτων", "Pomen kompetenc", "Важност на компетенциите", "Importancia de las competencias"),
            _r("How important each competency is", "Колко важна е всяка компетентност", "Cât de importantă este fiecare competență", "Πόσο σημαντική είναι κάθε ικανότητα", "Kako pomembna je posamezna kompetenca", "Колку е важна секоја компетенција", "Qué importancia tiene cada competencia"),
        ),
        Group(
            _r("Current level and comments", "Текущо ниво и коментари", "Nivelul actual și comentarii", "Τρέχον επίπεδο και σχόλια", "Trenutna raven in komentarji", "Моментално ниво и коментари", "Nivel actual y comentarios"),
            _r("How well the competencies are mastered today", "Доколко компетентностите се владеят днес", "Cât de bine sunt stăpânite competențele astăzi", "Πόσο καλά κατέχονται σήμερα οι ικανότητες", "Kako dobro so kompetence obvladane danes", "Колку добро се владеат компетенциите денес", "Qué dominio se tiene hoy de las competencias"),
        ),
    ),
    questions=(
        Question(
            "COUNTRY", "L", 1,
            _r("In which country is your organisation based?", "В коя държава се намира вашата организация?", "În ce țară își are sediul organizația dumneavoastră?", "Σε ποια χώρα εδρεύει ο οργανισμός σας;", "V kateri državi ima vaša organizacija sedež?", "Во која држава е седиштето на вашата организација?", "¿En qué país tiene su sede su organización?"),
            mandatory=True,
            options=(
                _ro("BG", "Bulgaria", "България", "Bulgaria", "Βουλγαρία", "Bolgarija", "Бугарија", "Bulgaria"),
                _ro("RO", "Romania", "Румъния", "România", "Ρουμανία", "Romunija", "Романија", "Rumanía"),
                _ro("GR", "Greece", "Гърция", "Grecia", "Ελλάδα", "Grčija", "Грција", "Grecia"),
                _ro("SI", "Slovenia", "Словения", "Slovenia", "Σλοβενία", "Slovenija", "Словенија", "Eslovenia"),
                _ro("MK", "North Macedonia", "Северна Македония", "Macedonia de Nord", "Βόρεια Μακεδονία", "Severna Makedonija", "Северна Македонија", "Macedonia del Norte"),
                _ro("ES", "Spain", "Испания", "Spania", "Ισπανία", "Španija", "Шпанија", "España"),
            ),
        ),
        Question(
            "ORGTYPE", "L", 1,
            _r("Which type of organisation do you represent?", "Какъв тип организация представлявате?", "Ce tip de organizație reprezentați?", "Τι είδους οργανισμό εκπροσωπείτε;", "Katero vrsto organizacije zastopate?", "Каков тип организација претставувате?", "¿Qué tipo de organización representa?"),
            mandatory=True,
            other=True,
            options=(
                _ro("PUBAUTH", "Regional or local authority", "Регионална или местна власт", "Autoritate regională sau locală", "Περιφερειακή ή τοπική αρχή", "Regionalni ali lokalni organ", "Регионална или локална власт", "Autoridad regional o local"),
                _ro("RDA", "Regional development agency", "Агенция за регионално развитие", "Agenție de dezvoltare regională", "Φορέας περιφερειακής ανάπτυξης", "Regionalna razvojna agencija", "Агенција за регионален развој", "Agencia de desarrollo regional"),
                _ro("UNIV", "University or research centre", "Университет или научноизследователски център", "Universitate sau centru de cercetare", "Πανεπιστήμιο ή ερευνητικό κέντρο", "Univerza ali raziskovalni center", "Универзитет или истражувачки центар", "Universidad o centro de investigación"),
                _ro("VET", "VET provider", "Доставчик на ПОО", "Furnizor de educație și formare profesională", "Πάροχος επαγγελματικής εκπαίδευσης και κατάρτισης", "Izvajalec poklicnega izobraževanja", "Давател на стручно образование и обука", "Centro de formación profesional"),
                _ro("BUS", "Business or cluster", "Бизнес или клъстер", "Întreprindere sau cluster", "Επιχείρηση ή σύμπλεγμα επιχειρήσεων", "Podjetje ali grozd", "Бизнис или кластер", "Empresa o clúster"),
                _ro("NGO", "Civil-society organisation", "Организация на гражданското общество", "Organizație a societății civile", "Οργάνωση της κοινωνίας των πολιτών", "Organizacija civilne družbe", "Организација на граѓанското општество", "Organización de la sociedad civil"),
            ),
        ),
        Question(
            "RATE", "1", 2,
            _r("For each competency of specialists in regional development and smart cities: how important is it, and how would you rate its CURRENT level among specialists in your region?", "За всяка компетентност на специалистите по регионално развитие и интелигентни градове: колко е важна и как бихте оценили ТЕКУЩОТО ѝ ниво сред специалистите във вашия регион?", "Pentru fiecare competență a specialiștilor în dezvoltare regională și orașe inteligente: cât de importantă este și cum ați evalua nivelul ei ACTUAL în rândul specialiștilor din regiunea dumneavoastră?", "Για κάθε ικανότητα των ειδικών περιφερειακής ανάπτυξης και έξυπνων πόλεων: πόσο σημαντική είναι και πώς θα αξιολογούσατε το ΤΡΕΧΟΝ επίπεδό της στους ειδικούς της περιφέρειάς σας;", "Za vsako kompetenco strokovnjakov za regionalni razvoj in pametna mesta: kako pomembna je in kako bi ocenili njeno TRENUTNO raven med strokovnjaki v vaši regiji?", "За секоја компетенција на специјалистите за регионален развој и паметни градови: колку е важна и како би го оцениле нејзиното МОМЕНТАЛНО ниво кај специјалистите во вашиот регион?", "Para cada competencia de los especialistas en desarrollo regional y ciudades inteligentes: ¿qué importancia tiene y cómo valoraría su nivel ACTUAL entre los especialistas de su región?"),
            options=(*_IMPORTANCE_SCALE, *_LEVEL_SCALE),
            subquestions=COMPETENCIES,
            attributes=(
                Attribute("dualscale_headerA", _r("Importance", "Значимост", "Importanță", "Σημασία", "Pomen", "Важност", "Importancia")),
                Attribute("dualscale_headerB", _r("Current level", "Текущо ниво", "Nivel actual", "Τρέχον επίπεδο", "Trenutna raven", "Моментално ниво", "Nivel actual")),
            ),
        ),
        Question(
            "DIGREADY", "B", 3,
            _r("On a scale from 1 to 10, how ready is your organisation for each of these?", "По скала от 1 до 10, доколко е готова вашата организация за всяко от изброените?", "Pe o scară de la 1 la 10, cât de pregătită este organizația dumneavoastră pentru fiecare dintre acestea?", "Σε κλίμακα από 1 έως 10, πόσο έτοιμος είναι ο οργανισμός σας για καθένα από τα παρακάτω;", "Na lestvici od 1 do 10, kako pripravljena je vaša organizacija na vsako od naštetega?", "На скала од 1 до 10, колку е подготвена вашата организација за секое од наведените?", "En una escala del 1 al 10, ¿en qué medida está preparada su organización para cada uno de estos aspectos?"),
            subquestions=(
                Subquestion("SQ001", _r("Open data publication", "Публикуване на отворени данни", "Publicarea datelor deschise", "Δημοσίευση ανοικτών δεδομένων", "Objava odprtih podatkov", "Објавување отворени податоци", "Publicación de datos abiertos")),
                Subquestion("SQ002", _r("Online public services", "Електронни публични услуги", "Servicii publice online", "Ηλεκτρονικές δημόσιες υπηρεσίες", "Spletne javne storitve", "Електронски јавни услуги", "Servicios públicos en línea")),
                Subquestion("SQ003", _r("Use of sensor data", "Използване на данни от сензори", "Utilizarea datelor de la senzori", "Χρήση δεδομένων αισθητήρων", "Uporaba podatkov senzorjev", "Користење податоци од сензори", "Uso de datos de sensores")),
            ),
        ),
        Question(
            "TRAINFMT", "P", 3,
            _r("Which training formats would suit your staff? Add a comment if you like.", "Кои формати на обучение биха били подходящи за вашия персонал? Добавете коментар, ако желаете.", "Ce formate de formare s-ar potrivi personalului dumneavoastră? Adăugați un comentariu dacă doriți.", "Ποιες μορφές κατάρτισης θα ταίριαζαν στο προσωπικό σας; Προσθέστε ένα σχόλιο αν θέλετε.", "Kateri načini usposabljanja bi ustrezali vašim zaposlenim? Če želite, dodajte komentar.", "Кои формати на обука би му одговарале на вашиот персонал? Додадете коментар ако сакате.", "¿Qué formatos de formación convendrían a su personal? Añada un comentario si lo desea."),
            other=True,
            subquestions=(
                Subquestion("SQ001", _r("Online, self-paced", "Онлайн, в собствено темпо", "Online, în ritm propriu", "Διαδικτυακά, με δικό σας ρυθμό", "Spletno, v lastnem tempu", "Онлајн, со сопствено темпо", "En línea, a su ritmo")),
                Subquestion("SQ002", _r("Workshops", "Работилници", "Ateliere", "Εργαστήρια", "Delavnice", "Работилници", "Talleres")),
                Subquestion("SQ003", _r("Study visits", "Учебни посещения", "Vizite de studiu", "Επισκέψεις μελέτης", "Študijski obiski", "Студиски посети", "Visitas de estudio")),
            ),
        ),
        Question(
            "OPENCOMP", "T", 3,
            _r("Which other competencies will specialists in your region need?", "От какви други компетентности ще се нуждаят специалистите във вашия регион?", "De ce alte competențe vor avea nevoie specialiștii din regiunea dumneavoastră?", "Ποιες άλλες ικανότητες θα χρειαστούν οι ειδικοί στην περιφέρειά σας;", "Katere druge kompetence bodo potrebovali strokovnjaki v vaši regiji?", "Кои други компетенции ќе им бидат потребни на специјалистите во вашиот регион?", "¿Qué otras competencias necesitarán los especialistas de su región?"),
        ),
    ),
    settings={"ipaddr": "N", "datestamp": "Y", "anonymized": "N", "refurl": "N", "format": "G", "shownoanswer": "Y", "savetimings": "Y", "usetokens": "Y"},
    participant_table=True,
    participant_attributes=(("attribute_1", "Region"), ("attribute_2", "Organisation type")),
)
