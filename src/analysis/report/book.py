"""The report site from parameterised notebooks: papermill parameters, Jupyter kernels, nbconvert.

Every page of the site is the page notebook (``analysis/report/notebooks/page.ipynb``) run with
papermill's parameters (the page, the survey, the scope and group, the language), executed in a
real Jupyter kernel and rendered by nbconvert with our template (``nbtemplate/skillsneeds``: no
code, a table of contents, the print stylesheet, plotly.js once per page). The notebook's cells
display the sections of the page (:mod:`analysis.report.pages`), so an analyst can open it in
JupyterLab and see what the page is made of.

Kernels are started once per worker and reused for every page the worker renders; a worker
renders one language's pages after another (:func:`_batches`), so each kernel reads the results
and builds a language's report model once. Workers run in parallel.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from jupyter_client.manager import KernelManager
from jupyter_core.paths import jupyter_runtime_dir
from jupyter_core.utils import ensure_dir_exists
from markupsafe import Markup
from nbclient import NotebookClient
from nbconvert.exporters import HTMLExporter, TemplateExporter
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook
from traitlets import CaselessStrEnum

from analysis.report.i18n import translator
from analysis.report.render import plotly_js

__all__ = ["NOTEBOOK", "LocalKernelManager", "PageJob", "ReportExporter", "export_sections", "render_pages"]

NOTEBOOK = Path(__file__).with_name("notebooks") / "page.ipynb"
TEMPLATE_DIR = Path(__file__).with_name("nbtemplate")

#: Seconds a page's cell may run.
CELL_TIMEOUT = 600

_HEADING = re.compile(r'<h2 id="([^"]+)"[^>]*>(.*?)</h2>', re.S)
_TAGS = re.compile(r"<[^>]+>")


class LocalKernelManager(KernelManager):
    """A kernel on this machine, reached over local (IPC) sockets rather than TCP.

    A kernel reached over TCP without CurveZMQ keys warns, on stderr, that its traffic is not
    encrypted: true of a port any local user could connect to, needless for a kernel this process
    starts for itself. Unix domain sockets (``ipc``; their files sit beside the kernel's connection
    file, in the user's private runtime folder) carry no such warning. Windows has no IPC transport
    in ZeroMQ: there the kernel stays on TCP.
    """

    transport = CaselessStrEnum(
        ["tcp", "ipc"], default_value="tcp" if os.name == "nt" else "ipc", config=True
    )

    def _ip_default(self) -> str:
        # jupyter_client's default for IPC is a path relative to each process's working folder,
        # which the kernel (started in another folder) would not share: an absolute one, private
        if self.transport != "ipc":
            return super()._ip_default()
        folder = jupyter_runtime_dir()
        ensure_dir_exists(folder, mode=0o700)
        return os.path.join(folder, f"kernel-{uuid.uuid4().hex[:12]}-ipc")


@dataclass(frozen=True)
class PageJob:
    """One page to render: where it goes and the notebook's parameters."""

    path: Path
    parameters: dict[str, Any]

    @property
    def label(self) -> str:
        """Short name for progress lines."""
        return f"{self.parameters.get('lang', 'en')}/{self.path.name}"


class ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter with our template, autoescaping and the page's language."""

    def __init__(self, lang: str = "en", **kw: Any) -> None:
        self.lang = lang
        super().__init__(
            template_name="skillsneeds",
            template_file="page.html.j2",
            extra_template_basedirs=[str(TEMPLATE_DIR)],
            extra_loaders=[jinja2.PackageLoader("analysis.report", "templates")],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            **kw,
        )

    def from_notebook_node(
        self, nb: nbformat.NotebookNode, resources: dict[str, Any] | None = None, **kw: Any
    ) -> tuple[str, dict[str, Any]]:
        """The template's output as it is (HTMLExporter re-parses it with BeautifulSoup only to
        patch JupyterLab's own markup, which our template does not have)."""
        return TemplateExporter.from_notebook_node(self, nb, self._init_resources(resources), **kw)

    def _create_environment(self) -> jinja2.Environment:
        environment = super()._create_environment()
        environment.autoescape = True
        environment.undefined = jinja2.StrictUndefined
        environment.trim_blocks = True
        environment.lstrip_blocks = True
        environment.keep_trailing_newline = True
        environment.add_extension("jinja2.ext.i18n")
        environment.install_gettext_translations(translator(self.lang), newstyle=True)  # type: ignore[attr-defined]
        environment.globals.update(lang=self.lang, plotly_js=plotly_js(self.lang))
        return environment


@cache
def _exporter(lang: str) -> ReportExporter:
    return ReportExporter(lang)


def _sections(book: nbformat.NotebookNode) -> dict[str, Markup]:
    """The HTML each tagged cell displayed, by tag (title, style, header, main, footer)."""
    blocks: dict[str, list[str]] = {}
    for cell in book.cells:
        if cell.cell_type != "code":
            continue
        for tag in cell.metadata.get("tags", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    raise RuntimeError(f"{tag}: {output.get('ename')}: {output.get('evalue')}")
                html = output.get("data", {}).get("text/html")
                if html is not None:
                    blocks.setdefault(tag, []).append(html if isinstance(html, str) else "".join(html))
    return {tag: Markup("".join(parts)) for tag, parts in blocks.items()}  # noqa: S704 - our own render


def _toc(main: str) -> list[dict[str, str]]:
    """The table of contents: every ``<h2 id>`` of the page's main part, in order."""
    return [{"id": m.group(1), "title": _TAGS.sub("", m.group(2)).strip()} for m in _HEADING.finditer(main)]


def export_sections(sections: Mapping[str, str], lang: str, generated_at: str | None = None) -> str:
    """One self-contained HTML page from its rendered sections (nbconvert, our template).

    The page notebook's route (:func:`export_page`) and the direct one
    (:func:`analysis.report.site.build_site`) both end here, so they give the same bytes.
    """
    markup = {tag: Markup(html) for tag, html in sections.items()}  # noqa: S704 - our own render
    book = nbformat.v4.new_notebook()
    book.metadata["skillsneeds"] = {"toc": _toc(markup.get("main", ""))}
    html, _ = _exporter(lang).from_notebook_node(
        book, resources={"sections": markup, "generated_at": generated_at}
    )
    return html


def export_page(book: nbformat.NotebookNode, lang: str, generated_at: str | None = None) -> str:
    """Render an executed page notebook into one self-contained HTML page (nbconvert, our template)."""
    return export_sections(_sections(book), lang, generated_at)


class _Worker:
    """A Jupyter kernel that renders pages one after another, through one client.

    A new client per page would wait for the kernel to be ready and for its message channel to
    fall quiet (a fifth of a second each time, longer than many a page takes to render).
    """

    def __init__(self, cwd: Path) -> None:
        self.manager = LocalKernelManager(kernel_name="python3")
        self.manager.start_kernel(cwd=str(cwd))
        self.cwd = cwd
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=CELL_TIMEOUT)
        self.client.allow_stdin = False

    def run(self, job: PageJob, generated_at: str | None) -> Path:
        book = load_notebook_node(str(NOTEBOOK))  # papermill's reading: every cell gets its tags
        book = parameterize_notebook(book, job.parameters, report_mode=True)
        client = NotebookClient(
            book,
            km=self.manager,
            timeout=CELL_TIMEOUT,
            allow_errors=False,
            resources={"metadata": {"path": str(self.cwd)}},
        )
        client.kc = self.client  # the kernel and its client stay up for the next page
        client.execute()
        html = export_page(book, job.parameters.get("lang", "en"), generated_at)
        job.path.parent.mkdir(parents=True, exist_ok=True)
        job.path.write_text(html, encoding="utf-8", newline="\n")
        return job.path

    def close(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def _batches(jobs: Sequence[PageJob], workers: int) -> list[list[int]]:
    """The jobs' indices in batches a kernel renders one after another, largest first.

    A batch is one language's pages (a kernel builds each language's report model once, and
    reuses it for every page of the language); with fewer languages than workers the largest
    batches are halved until every worker has one.
    """
    by_lang: dict[str, list[int]] = {}
    for k, job in enumerate(jobs):
        by_lang.setdefault(str(job.parameters.get("lang", "en")), []).append(k)
    batches = list(by_lang.values())
    while len(batches) < workers:
        largest = max(batches, key=len)
        if len(largest) < 2:
            break
        batches.remove(largest)
        half = len(largest) // 2
        batches += [largest[:half], largest[half:]]
    return sorted(batches, key=len, reverse=True)


def render_pages(
    jobs: Sequence[PageJob],
    *,
    cwd: Path,
    workers: int = 2,
    generated_at: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Render pages with ``workers`` kernels in parallel; returns the paths in the order of ``jobs``.

    Raises
    ------
    RuntimeError
        Naming the page whose notebook failed, with the cell's error.
    """
    progress = progress or (lambda message: print(f"[skillsneeds] {message}", file=sys.stderr, flush=True))
    workers = max(1, min(workers, len(jobs)))
    local = threading.local()
    started: list[_Worker] = []
    lock = threading.Lock()
    done = [0]
    began = time.perf_counter()

    def render(job: PageJob) -> Path:
        worker = getattr(local, "worker", None)
        if worker is None:
            worker = local.worker = _Worker(cwd)
            with lock:
                started.append(worker)
        try:
            path = worker.run(job, generated_at)
        except Exception as error:  # noqa: BLE001 - re-raised with the page named
            raise RuntimeError(f"report page {job.label} ({job.parameters}): {error}") from error
        with lock:
            done[0] += 1
            progress(f"report: {done[0]}/{len(jobs)} {job.label} ({time.perf_counter() - began:.1f} s)")
        return path

    def render_batch(batch: list[int]) -> list[tuple[int, Path]]:
        return [(k, render(jobs[k])) for k in batch]

    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            batches = pool.map(render_batch, _batches(jobs, workers))
            written = dict(pair for batch in batches for pair in batch)
        return [written[k] for k in range(len(jobs))]
    finally:
        for worker in started:
            worker.close()
