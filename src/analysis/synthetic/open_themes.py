"""The themes planted in the sample's open answers: each text of the pools and its themes.

The open texts are drawn from fixed pools per language (``responses._SECTOR_TEXTS``,
``_REGIONAL_TEXTS`` and the files' special texts); this table says which themes each one
carries, so that the theme coding can be checked against it (planted.json: ``open_text_themes``).
A text with no theme is a negative example (and material for discovery). Drawing nothing from
the random generator, it leaves every response as it was.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["PLANTED_THEMES", "open_text_themes"]

_SECTOR_THEMES = {
    "heat_pumps": "Heat pumps",
    "building_renovation": "Energy renovation of buildings",
    "sustainability_reporting": "Sustainability reporting (CSRD, ESG)",
    "carbon_footprint": "Carbon footprint",
    "circular_economy": "Circular economy",
    "ecodesign": "Eco-design and durable products",
    "water": "Water management and reuse",
    "energy_monitoring": "Energy monitoring and data",
    "packaging": "Sustainable packaging",
    "green_procurement": "Green public procurement",
    "recycled_materials": "Recycled materials",
    "renewable_energy": "Renewable energy (solar, storage)",
}

_SECTOR_TEXTS: dict[str, tuple[str, ...]] = {
    # en
    "Practical training on heat pumps and building retrofits for our technicians.": (
        "heat_pumps",
        "building_renovation",
    ),
    "We need people who can prepare the CSRD sustainability report without external consultants.": (
        "sustainability_reporting",
    ),
    "Skills to calculate the carbon footprint of our products, ideally with free tools.": (
        "carbon_footprint",
    ),
    "Short courses on circular economy for production managers.": ("circular_economy",),
    "Repair and remanufacturing skills, and how to design products that last longer.": ("ecodesign",),
    "How to read and use energy monitoring data from our machines.": ("energy_monitoring",),
    "Water reuse in food processing.": ("water",),
    "Sustainable packaging design and alternatives to plastics.": ("packaging",),
    "Knowledge of the EU taxonomy criteria for green investments.": (),
    "Green marketing without greenwashing.": (),
    # nl
    "Opleiding over warmtepompen en renovatie van gebouwen.": ("heat_pumps", "building_renovation"),
    "Meer kennis over circulaire economie en hergebruik van materialen.": ("circular_economy",),
    "Hoe we onze CO2-uitstoot kunnen meten en rapporteren.": ("carbon_footprint",),
    # fr
    "Formation pratique sur l'efficacité énergétique des bâtiments.": ("building_renovation",),
    "Compétences en écoconception et en analyse du cycle de vie.": ("ecodesign",),
    "Savoir rédiger un rapport de durabilité (CSRD).": ("sustainability_reporting",),
    # it
    "Formazione pratica sulle pompe di calore e sulla riqualificazione energetica degli edifici.": (
        "heat_pumps",
        "building_renovation",
    ),
    "Competenze per redigere il bilancio di sostenibilità secondo la CSRD.": ("sustainability_reporting",),
    "Calcolo dell'impronta di carbonio dei prodotti, con strumenti semplici.": ("carbon_footprint",),
    "Corsi brevi sull'economia circolare per i responsabili di produzione.": ("circular_economy",),
    "Gestione dell'acqua in agricoltura e irrigazione di precisione.": ("water",),
    "Progettazione di imballaggi sostenibili.": ("packaging",),
    "Uso dei dati dei sensori per ridurre i consumi energetici.": ("energy_monitoring",),
    "Conoscenza dei criteri ambientali minimi (CAM) per gli appalti pubblici.": ("green_procurement",),
    # bg
    "Практическо обучение за термопомпи и енергийно саниране на сгради.": (
        "heat_pumps",
        "building_renovation",
    ),
    "Умения за изготвяне на доклад за устойчивост по CSRD.": ("sustainability_reporting",),
    "Изчисляване на въглеродния отпечатък на продуктите.": ("carbon_footprint",),
    "Кратки курсове по кръгова икономика за ръководители на производството.": ("circular_economy",),
    "Управление на водите в земеделието и капково напояване.": ("water",),
    "Обучение по енергиен одит, на български език, моля.": (),
    "Липсва практическо обучение за работа с рециклирани материали и дървесни отпадъци.": (
        "recycled_materials",
    ),
    "Нужни са ни курсове за „зелени“ обществени поръчки и ESG отчитане, особено за МСП.": (
        "green_procurement",
        "sustainability_reporting",
    ),
    # es
    "Formación práctica en bombas de calor y rehabilitación energética de edificios.": (
        "heat_pumps",
        "building_renovation",
    ),
    "Competencias para elaborar el informe de sostenibilidad según la CSRD.": ("sustainability_reporting",),
    "Cálculo de la huella de carbono de nuestros productos.": ("carbon_footprint",),
    "Cursos cortos de economía circular para responsables de producción.": ("circular_economy",),
    "Gestión del agua y riego eficiente en explotaciones agrícolas.": ("water",),
    "Formación en ecodiseño y en el uso de materiales reciclados.": ("ecodesign", "recycled_materials"),
    "Uso de sensores para controlar el consumo de energía y agua.": ("energy_monitoring", "water"),
    # fi
    "Käytännön koulutusta lämpöpumpuista ja rakennusten energiaremonteista.": (
        "heat_pumps",
        "building_renovation",
    ),
    "Osaamista CSRD:n mukaisen kestävyysraportin laatimiseen.": ("sustainability_reporting",),
    "Tuotteiden hiilijalanjäljen laskeminen.": ("carbon_footprint",),
    "Lyhyitä kiertotalouskursseja tuotannon esihenkilöille.": ("circular_economy",),
    "Puun jäljitettävyys ja kestävän metsätalouden sertifioinnit.": (),
    "Energiankulutuksen seuranta ja datan hyödyntäminen.": ("energy_monitoring",),
    "Kierrätysmateriaalien käyttö huonekalujen valmistuksessa.": ("recycled_materials",),
    # special texts
    "=SUM(A1)": (),
    "<script>alert(1)</script>": (),
    "He said \"green is the new black\" - and it's true; isn't it?": (),
    "Line one\nLine two, with comma; and semicolon": (),
    "Skills for water reuse in food processing 🌱 (tab\there)": ("water",),
    "Contact me for a pilot group: j.peeters@example.com": (),
    "Nothing to add 👍": (),
    "Più formazione sul campo, per favore 🌍": (),
    "Scrivetemi a giulia.conti@example.org, siamo interessati a un corso pilota.": (),
    "Chiamatemi al +39 333 000 0000 per un corso in azienda.": (),
    'Formación en economía circular, "ecodiseño" y gestión del agua; '
    "preferiblemente en español, no en inglés.": (
        "circular_economy",
        "ecodesign",
        "water",
    ),
    "Necesitamos cursos cortos sobre huella de carbono,\ncon certificación reconocida en toda la UE.": (
        "carbon_footprint",
    ),
    "Lämpöpumput\nAurinkopaneelit\nEnergian varastointi": ("heat_pumps", "renewable_energy"),
    "Обадете се на +359 88 555 0142 за пилотно обучение.": (),
    "Пишете ми на ivan.petrov@example.com, имаме интерес.": (),
    "Курс за „зелени“ обществени поръчки; също и ESG отчитане 👍": (
        "green_procurement",
        "sustainability_reporting",
    ),
    "Енергийна ефективност\nВъзобновяеми източници": ("renewable_energy",),
    'Казаха ни "мислете зелено" – но няма бюджет.': (),
    "Erasmus+ курс в Universidad de León беше много полезен.": (),
    "Нужни са курсове за термопомпи\tи соларни системи.": ("heat_pumps", "renewable_energy"),
    "Телефон за връзка: +359 2 555 0199, питайте за Мария.": (),
    "Повече практика 🌱🌱 и по-малко теория!": (),
}

_REGIONAL_THEMES = {
    "data_skills": "Data skills and data literacy",
    "cybersecurity": "Cybersecurity",
    "artificial_intelligence": "Artificial intelligence in public services",
    "eu_funded_projects": "Projects funded by EU programmes",
    "citizen_participation": "Citizen participation",
    "smart_city_platforms": "Smart cities and their platforms",
}

_REGIONAL_TEXTS: dict[str, tuple[str, ...]] = {
    # en
    "Skills to procure and manage smart-city platforms without vendor lock-in.": ("smart_city_platforms",),
    "Data literacy for municipal staff: dashboards, indicators, basic statistics.": ("data_skills",),
    "Cybersecurity awareness for local administrations.": ("cybersecurity",),
    "Using AI tools responsibly in public services.": ("artificial_intelligence",),
    "Participatory budgeting and facilitation of citizen panels.": ("citizen_participation",),
    # bg
    "Умения за работа с данни и табла за управление в общините.": ("data_skills",),
    "Киберсигурност за местната администрация.": ("cybersecurity",),
    "Управление на проекти по програмите на ЕС за периода 2021–2027.": ("eu_funded_projects",),
    "Използване на изкуствен интелект в публичните услуги.": ("artificial_intelligence",),
    # ro
    "Competențe de analiză a datelor pentru personalul din primării.": ("data_skills",),
    "Securitate cibernetică pentru administrațiile locale.": ("cybersecurity",),
    "Scrierea și implementarea proiectelor finanțate prin PNRR.": ("eu_funded_projects",),
    "Implicarea cetățenilor prin bugetare participativă.": ("citizen_participation",),
    # el
    "Δεξιότητες ανάλυσης δεδομένων για τα στελέχη των δήμων.": ("data_skills",),
    "Κυβερνοασφάλεια για την τοπική αυτοδιοίκηση.": ("cybersecurity",),
    "Διαχείριση έργων ΕΣΠΑ και Ταμείου Ανάκαμψης.": ("eu_funded_projects",),
    "Χρήση εργαλείων τεχνητής νοημοσύνης στις δημόσιες υπηρεσίες.": ("artificial_intelligence",),
    # sl
    "Podatkovna pismenost za zaposlene na občinah.": ("data_skills",),
    "Kibernetska varnost v lokalni upravi.": ("cybersecurity",),
    "Priprava in vodenje projektov, financiranih iz kohezijskih sredstev.": ("eu_funded_projects",),
    "Vključevanje prebivalcev v načrtovanje mestnih projektov.": ("citizen_participation",),
    # mk
    "Вештини за анализа на податоци за општинските службеници.": ("data_skills",),
    "Сајбер безбедност за локалната администрација.": ("cybersecurity",),
    "Подготовка на проекти за ИПА и други фондови на ЕУ.": ("eu_funded_projects",),
    "Вклучување на граѓаните во планирањето на буџетот.": ("citizen_participation",),
    # es
    "Competencias en análisis de datos para el personal municipal.": ("data_skills",),
    "Ciberseguridad en la administración local.": ("cybersecurity",),
    "Gestión de proyectos financiados con fondos Next Generation EU.": ("eu_funded_projects",),
    "Uso responsable de la inteligencia artificial en los servicios públicos.": ("artificial_intelligence",),
    # special texts
    "=SUM(A1)": (),
    "<script>alert(1)</script>": (),
    "Για συνεργασία: n.papadopoulou@example.net": (),
    "Контакт: +389 2 555 0123": (),
    "Обучение по „умни“ градове; и по GDPR 🔒": ("smart_city_platforms",),
    "Analiza datelor\nGIS\nBugetare participativă": ("data_skills", "citizen_participation"),
    'Rekli so: "podatki so nova nafta"; a manjka znanja.': ("data_skills",),
    "Formación en datos abiertos 📊 y en participación\tciudadana.": ("data_skills", "citizen_participation"),
    "Procurement of smart-city platforms; avoiding vendor lock-in.": ("smart_city_platforms",),
}

#: Open question -> (theme id -> label, text -> its themes).
PLANTED_THEMES: dict[str, tuple[dict[str, str], dict[str, tuple[str, ...]]]] = {
    "OPENNEEDS": (_SECTOR_THEMES, _SECTOR_TEXTS),
    "OPENCOMP": (_REGIONAL_THEMES, _REGIONAL_TEXTS),
}


def open_text_themes(question: str, texts: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """The planted.json record of the themes of a survey's open texts.

    ``texts`` are (language, text) of the pools and the special texts (language ``""``: any);
    every text must have an entry in :data:`PLANTED_THEMES`, so that the record covers them all.

    Raises
    ------
    ValueError
        For a text of the pool without planted themes.
    """
    themes, planted = PLANTED_THEMES[question]
    entries = []
    for lang, text in texts:
        if text not in planted:
            raise ValueError(f"open text {text!r} ({lang}) has no planted themes in open_themes.py")
        entries.append({"language": lang, "text": text, "themes": list(planted[text])})
    return {
        "question": question,
        "themes": themes,
        "texts": entries,
        "unit": "a response's whole text; its themes are those of any of its sentences",
    }
