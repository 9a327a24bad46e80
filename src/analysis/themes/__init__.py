"""Open answers and interview notes coded into themes, offline, and the reliability of that coding
(docs/themes.md).

- ``codebook``: the theme codebook (``config/themes/<survey>.yml``), seeded with a theme per skill;
- ``coding``: segments, lemmas and dictionary autocoding;
- ``discover``: candidate themes the codebook misses (TF-IDF + NMF per language);
- ``results``: the themes tables (``themes.csv``, ``theme_segments.parquet``, ``theme_skills.csv``);
- ``interviews``: interview notes read and redacted into segments;
- ``agreement``: hand against automatic coding (Cohen's kappa, Krippendorff's alpha).
"""

from __future__ import annotations
