"""Word .docx files written with the standard library, byte for byte the same on every run.

The bundled sample's .docx interview notes are made here (``python tests/themes/interview_docx.py``
writes them again); the tests build their own .docx notes the same way.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[2]
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
    """A minimal .docx whose body is these paragraphs (``""`` an empty one), then ``extra_body``."""
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


#: The sample's .docx notes: path under data/raw/sample/ -> paragraphs.
SAMPLE_NOTES: dict[str, list[str]] = {
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
        "Bariere de finanțare: bugetul local nu acoperă formarea. Doamna Popescu a cerut fonduri europene.",
        "Telefon: 0722 123 456, e-mail ioana.popescu@primaria.example",
    ],
}


def write_sample_notes(root: Path = ROOT) -> list[Path]:
    """Write the sample's .docx notes under ``<root>/data/raw/sample/``."""
    written = []
    for relative, paragraphs in SAMPLE_NOTES.items():
        path = root / "data" / "raw" / "sample" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(docx_bytes(paragraphs))
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_sample_notes(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT):
        print(written_path)
