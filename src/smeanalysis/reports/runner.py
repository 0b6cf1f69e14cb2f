"""Reports: notebooks run with papermill, checked parameters, HTML pages and their index.

The pipeline behind ``smeanalysis report``:

1. :func:`~smeanalysis.reports.discovery.discover` reads every ``notebooks/*.ipynb`` and its
   ``parameters`` cell (literals with a ``# meaning`` comment each) without starting a kernel.
2. :func:`plan` turns notebook names and parameter values into :class:`ReportJob`
   objects, checking every value first with :mod:`smeanalysis.reports.params` (the
   checker each notebook's check cell calls too: same rules, same message). A bad value,
   a facts file that does not validate included, raises
   :class:`~smeanalysis.errors.ParameterError` before any kernel starts or anything is
   written.
3. :func:`build` runs the jobs on a pool of worker processes (one kernel per report,
   the workers and their HTML exporter reused), writes each executed notebook to
   ``_executed/`` and each page beside the index, every file through
   :func:`write_atomic`, then rewrites the indexes.

A report whose notebook fails keeps its executed notebook for reading and gets no page;
the other reports are still built.
"""

from __future__ import annotations

import html
import json
import multiprocessing
import multiprocessing.util as mp_util
import os
import re
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from smeanalysis import paths
from smeanalysis.errors import ParameterError, SmeAnalysisError
from smeanalysis.reports import i18n, params, persian, render, tiles
from smeanalysis.reports import incremental as builds
from smeanalysis.reports import page as page_kit
from smeanalysis.reports.discovery import NotebookInfo, Parameter, discover, read_parameters
from smeanalysis.reports.params import load_params_file, parse_assignments, parse_value

__all__ = [
    "KERNEL_NAME",
    "NotebookInfo",
    "Parameter",
    "ReportJob",
    "ReportResult",
    "build",
    "discover",
    "load_params_file",
    "parse_assignments",
    "parse_value",
    "plan",
    "read_parameters",
    "write_atomic",
    "write_indexes",
]

#: The Jupyter kernel every report runs on (registered by ``make env``).
KERNEL_NAME = "smeanalysis"
#: Times a report is run again when its kernel dies before running any cell.
START_RETRIES = 1
#: Seconds one cell may run before the report fails (papermill's execution timeout).
CELL_TIMEOUT = 600
#: Seconds a kernel may take to start.
START_TIMEOUT = 120
#: Folder (inside the output folder) holding the executed notebooks.
EXECUTED_DIR = "_executed"
#: Suffix of the short-lived files :func:`write_atomic` renames into place.
TMP_SUFFIX = ".smeanalysis-tmp"

_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")


# --------------------------------------------------------------------------------------
# Notebooks and their parameters


# --------------------------------------------------------------------------------------
# Planning


@dataclass(frozen=True)
class ReportJob:
    """One report to build: which notebook, with which values, written where.

    ``values`` go to the kernel (paths made absolute); ``shown`` is what the page
    prints (as the analyst typed it).
    """

    name: str
    notebook: Path
    title: str
    values: Mapping[str, Any]
    shown: tuple[tuple[str, Any, str], ...]
    html_path: Path
    executed_path: Path
    index_href: str
    label: str
    cell_timeout: int = CELL_TIMEOUT
    #: Start the worker's next kernel while this report runs (off for the last ones).
    prestart_next: bool = True


def _slug(value: Any) -> str:
    return _SLUG.sub("-", str(value)).strip("-") or "x"


def plan(
    names: Sequence[str] = (),
    values: Mapping[str, Any] | None = None,
    *,
    each: str | None = None,
    out_dir: Path | None = None,
    notebooks_dir: Path | None = None,
    cell_timeout: int = CELL_TIMEOUT,
) -> list[ReportJob]:
    """Check every name and value, and return the reports to build.

    With no names, every notebook is built with its defaults, except that a notebook
    about one province (a ``province`` parameter whose default is a province, not
    ``"Iran"``) is built once per province instead (the whole suite).
    ``each="province"`` builds the named notebooks once per province, into a folder of
    their own (``OUT/NAME/PROVINCE.html``) with its own index.

    Raises:
        ParameterError: an unknown notebook or parameter, a value of the wrong type, a
            ``year`` not in the data or an unknown ``province``; nothing has run.

    Example:
        >>> jobs = plan(["sme_exports"], {"year": 1399}, out_dir=Path("reports"))
        >>> [(job.label, job.html_path.name) for job in jobs]
        [('sme_exports year=1399', 'sme_exports__year-1399.html')]
    """
    notebooks = discover(notebooks_dir)
    values = dict(values or {})
    out = Path(out_dir or paths.REPORTS_DIR)
    if each not in (None, "province"):
        raise ParameterError(f"--each {each!r}: the only choice is 'province'")
    unknown = [name for name in names if name not in notebooks]
    if unknown:
        raise ParameterError(
            f"no notebook named {unknown[0]!r}; choose from: {', '.join(notebooks) or 'none'}"
        )
    chosen = [notebooks[name] for name in dict.fromkeys(names or notebooks)]  # each once
    broken = [info for info in chosen if info.problem]
    if broken:
        raise ParameterError(f"{broken[0].name}: its parameters cell is wrong: {broken[0].problem}")
    if len(chosen) > 1:
        # A value applies to every chosen notebook that has that parameter.
        known = {key for info in chosen for key in info.parameters}
        stray = sorted(set(values) - known)
        if stray:
            raise ParameterError(
                f"no chosen notebook has a parameter {stray[0]!r}; "
                f"their parameters are: {', '.join(sorted(known))}"
            )

    jobs: list[ReportJob] = []
    for info in chosen:
        given = (
            dict(values)
            if len(chosen) == 1
            else {key: value for key, value in values.items() if key in info.parameters}
        )
        has_province = "province" in info.parameters
        if each == "province" and not has_province:
            raise ParameterError(f"--each province: {info.name} has no 'province' parameter")
        if each == "province" and "province" in given:
            raise ParameterError("--each province builds every province: drop -p province=...")
        # The whole suite (no names) builds a province notebook once per province.
        suite_expands = (
            not names and "province" not in given and params.takes_one_province(info.parameters)
        )
        if each == "province" or suite_expands:
            for province in params.province_names():
                chosen_values = {**given, "province": province}
                merged = _checked(info, chosen_values)
                jobs.append(_job(info, merged, chosen_values, out, cell_timeout, in_folder=True))
        else:
            merged = _checked(info, given)
            jobs.append(_job(info, merged, given, out, cell_timeout, in_folder=False))
    return jobs


def _checked(info: NotebookInfo, given: Mapping[str, Any]) -> dict[str, Any]:
    """The notebook's parameter values, checked and canonical (derived values left out)."""
    checked = params.check_values(info.name, info.parameters, given)
    return {name: checked[name] for name in info.parameters}


def _job(
    info: NotebookInfo,
    merged: Mapping[str, Any],
    given: Mapping[str, Any],
    out: Path,
    cell_timeout: int,
    in_folder: bool,
) -> ReportJob:
    changed = {key: merged[key] for key in info.parameters if merged[key] != info.defaults()[key]}
    # A page in another language goes into its own folder (OUT/fa/), under the same names.
    lang = str(merged.get("lang", i18n.DEFAULT_LANGUAGE))
    if lang != i18n.DEFAULT_LANGUAGE:
        out = out / lang
        changed.pop("lang", None)
    if in_folder:
        rest = {key: value for key, value in changed.items() if key != "province"}
        stem = "__".join([_slug(merged["province"])] + [f"{k}-{_slug(v)}" for k, v in rest.items()])
        html_path = out / info.name / f"{stem}.html"
        executed = out / EXECUTED_DIR / info.name / f"{stem}.ipynb"
        index_href = "index.html"
    else:
        stem = "__".join([info.name] + [f"{k}-{_slug(v)}" for k, v in changed.items()])
        html_path = out / f"{stem}.html"
        executed = out / EXECUTED_DIR / f"{stem}.ipynb"
        index_href = "index.html"
    shown = tuple(
        (key, given.get(key, merged[key]) if key == "facts_path" else merged[key], p.meaning)
        for key, p in info.parameters.items()
    )
    label = " ".join([info.name] + [f"{key}={value}" for key, value in changed.items()])
    return ReportJob(
        name=info.name,
        notebook=info.path,
        title=info.title,
        values=dict(merged),
        shown=shown,
        html_path=html_path,
        executed_path=executed,
        index_href=index_href,
        label=label,
        cell_timeout=cell_timeout,
    )


# --------------------------------------------------------------------------------------
# Files


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that a reader sees the old file or the new, never half.

    The bytes go to an unnamed file in the same folder (Linux ``O_TMPFILE``), which is
    given a hidden name only once complete and then renamed over ``path``
    (``os.replace``); a process killed mid-write leaves no partial file behind. Where
    ``O_TMPFILE`` is missing a hidden named file is used and removed on error.

    Example:
        >>> import tempfile
        >>> target = Path(tempfile.mkdtemp()) / "page.html"
        >>> write_atomic(target, b"<p>ok</p>")
        >>> target.read_bytes(), sorted(p.name for p in target.parent.iterdir())
        (b'<p>ok</p>', ['page.html'])
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TMP_SUFFIX}")
    flag = getattr(os, "O_TMPFILE", 0)
    fd = -1
    if flag:
        try:
            fd = os.open(path.parent, flag | os.O_WRONLY, 0o644)
        except OSError:
            fd = -1
    if fd >= 0:
        try:
            _write_all(fd, data)
            # linkat(AT_SYMLINK_FOLLOW) through /proc gives the unnamed file a name.
            proc_fds = os.open("/proc/self/fd", os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.link(str(fd), tmp, src_dir_fd=proc_fds, follow_symlinks=True)
            finally:
                os.close(proc_fds)
        finally:
            os.close(fd)
    else:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            _write_all(fd, data)
        except BaseException:
            os.close(fd)
            tmp.unlink(missing_ok=True)
            raise
        os.close(fd)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _remove_stale_temporaries(folder: Path) -> None:
    if folder.is_dir():
        for stale in folder.rglob(f"*{TMP_SUFFIX}"):
            stale.unlink(missing_ok=True)


# --------------------------------------------------------------------------------------
# Running


@dataclass(frozen=True)
class ReportResult:
    """What happened to one report: ``ok``, seconds taken, and the failure if any."""

    job: ReportJob
    ok: bool
    seconds: float
    error: str = ""
    #: Not run: the page was up to date (:mod:`smeanalysis.reports.incremental`).
    skipped: bool = False


#: Modules every report imports, loaded while the kernel boots: a worker's next kernel
#: boots during the current report, so the imports are off the critical path. Only
#: ``sys.modules`` changes; no name is left in the notebook's namespace.
PRELOADED = (
    "pandas",
    "matplotlib.pyplot",
    "seaborn",
    "smeanalysis.reports.charts",
    "smeanalysis.facts",
)
KERNEL_PRELOAD = "--IPKernelApp.exec_lines=" + json.dumps(
    [f"for _module in {PRELOADED!r}: __import__(_module)", "del _module"]
)

#: This worker's next kernel, already booting: (working folder, kernel manager).
_spare_kernel: tuple[Path, Any] | None = None


def _launch_kernel(cwd: Path) -> Any:
    """Start a kernel without waiting for it; it boots while the worker does other work."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    manager = AsyncKernelManager(kernel_name=KERNEL_NAME)
    # The kernel's stderr carries only ipykernel's start-up chatter (its warnings about
    # TCP transport); a failure to start surfaces as a start timeout instead.
    run_sync(manager.start_kernel)(
        cwd=str(cwd), stderr=subprocess.DEVNULL, extra_arguments=[KERNEL_PRELOAD]
    )
    return manager


def _take_kernel(cwd: Path, prestart_next: bool = True) -> Any:
    """Return a started kernel for ``cwd`` and (by default) start this worker's next one."""
    from jupyter_core.utils import run_sync

    global _spare_kernel
    spare, _spare_kernel = _spare_kernel, None
    manager = None
    if spare is not None:
        spare_cwd, candidate = spare
        if spare_cwd == cwd and run_sync(candidate.is_alive)():
            manager = candidate
        else:
            _shutdown_kernel(candidate)
    if manager is None:
        manager = _launch_kernel(cwd)
    if prestart_next:
        _spare_kernel = (cwd, _launch_kernel(cwd))
    return manager


def _shutdown_kernel(manager: Any) -> None:
    from jupyter_core.utils import run_sync

    try:
        run_sync(manager.shutdown_kernel)(now=True)
    except Exception:  # already gone: nothing left to stop
        pass


def _shutdown_spare() -> None:
    global _spare_kernel
    if _spare_kernel is not None:
        _shutdown_kernel(_spare_kernel[1])
        _spare_kernel = None


def _exit_with_parent(parent: int) -> None:
    # A worker whose parent was killed (SIGKILL gives no chance to clean up) would wait
    # on its task queue forever; it exits instead, and its kernels follow it.
    while True:
        time.sleep(0.5)
        if os.getppid() != parent:
            _shutdown_spare()
            os._exit(1)


def _warm_worker(parent: int | None = None) -> None:
    """Prepare a worker: heavy imports, the HTML exporter, a watch on the parent."""
    # The kernels inherit this: set iteration order, hence identical pages across runs.
    os.environ["PYTHONHASHSEED"] = "0"
    import papermill  # noqa: F401

    render.exporter()
    mp_util.Finalize(None, _shutdown_spare, exitpriority=10)
    if parent is not None:
        threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def run_report(job: ReportJob) -> ReportResult:
    """Run one report's notebook with papermill and write its executed notebook and page.

    On failure the executed notebook (with the error) is kept, any earlier page at the
    same path is removed so nothing looks like a success, and the failing cell and error
    are returned.
    """
    import nbformat
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    from papermill.utils import chdir

    os.environ["PYTHONHASHSEED"] = "0"
    started = time.perf_counter()
    # papermill's loader, not nbformat's: it gives every cell the metadata papermill needs.
    nb = parameterize_notebook(
        load_notebook_node(str(job.notebook)), dict(job.values), kernel_name=KERNEL_NAME
    )
    # As papermill's own runs do: the nbconvert exporter names the page after it.
    nb.metadata.papermill["input_path"] = job.notebook.name
    error = ""
    for attempt in range(1 + START_RETRIES):
        manager = None
        error = ""
        try:
            # A retry starts its kernel now and no spare: the batch's spares are booting.
            manager = _take_kernel(job.notebook.parent, job.prestart_next and not attempt)
            with chdir(job.notebook.parent):
                nb = papermill_engines.execute_notebook_with_engine(
                    None,
                    nb,
                    input_path=str(job.notebook),
                    output_path=None,
                    kernel_name=KERNEL_NAME,
                    progress_bar=False,
                    log_output=False,
                    start_timeout=START_TIMEOUT,
                    execution_timeout=job.cell_timeout,
                    km=manager,
                )
            raise_for_execution_errors(nb, None)
        except PapermillExecutionError as err:
            error = _describe_failure(err)
        except Exception as err:  # a kernel that dies, times out or will not start
            error = f"{type(err).__name__}: {err}"
        finally:
            if manager is not None:
                _shutdown_kernel(manager)
        if not _died_starting(error):
            break
    write_atomic(job.executed_path, nbformat.writes(nb).encode("utf-8"))
    if error:
        job.html_path.unlink(missing_ok=True)
        return ReportResult(job, False, time.perf_counter() - started, error)
    page = render.ReportPage(
        job.name, job.title, job.shown, job.index_href, lang=job.values.get("lang", "en")
    )
    write_atomic(job.html_path, render.html_for_report(nb, page).encode("utf-8"))
    return ReportResult(job, True, time.perf_counter() - started)


def _died_starting(error: str) -> bool:
    """Whether a report failed because its kernel died before running any cell.

    Several kernels booting at once on a busy machine (each worker's own and its spare) can
    lose one at start-up (nbclient: "Kernel died before replying to kernel_info"); nothing
    ran, so the report is run again on a fresh kernel, once.

    Example:
        >>> _died_starting("RuntimeError: Kernel died before replying to kernel_info")
        True
        >>> _died_starting("cell [3] raised ValueError: bad year")
        False
    """
    return "before replying to kernel_info" in error


def _run_safely(runner: Callable[[ReportJob], ReportResult], job: ReportJob) -> ReportResult:
    """Run one job; an unexpected error fails that report, not the whole batch."""
    started = time.perf_counter()
    try:
        return runner(job)
    except Exception as err:
        return ReportResult(
            job, False, time.perf_counter() - started, f"{type(err).__name__}: {err}"
        )


def _describe_failure(err: Any) -> str:
    first_line = next((line for line in str(err.source).splitlines() if line.strip()), "")
    return (
        f"cell [{err.exec_count}] (notebook cell {err.cell_index}) `{first_line.strip()}` "
        f"raised {err.ename}: {err.evalue}"
    )


def build(
    jobs: Sequence[ReportJob],
    out_dir: Path | None = None,
    *,
    workers: int | None = None,
    progress: TextIO | None = None,
    runner: Callable[[ReportJob], ReportResult] = run_report,
    incremental: bool = False,
    force: bool = False,
) -> list[ReportResult]:
    """Build the reports in parallel and rewrite the indexes; return one result each.

    Args:
        jobs: from :func:`plan`.
        out_dir: the output folder (default ``reports/``).
        workers: worker processes (default: the machine's cores).
        progress: where ``[3/31] name params ... ok 2.1 s`` lines go (None: silent).
        runner: the function run per job (tests substitute a quick one).
        incremental: store each page's build key beside it and skip a report whose page
            was built with the same key (:mod:`smeanalysis.reports.incremental`).
        force: with ``incremental``, run every report anyway (and store the new keys).

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp())
        >>> build([], out)
        []
        >>> (out / "index.html").exists()
        True
    """
    out = Path(out_dir or paths.REPORTS_DIR)
    out.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(out)
    asked = list(jobs)
    keys: dict[Path, str] = {}
    skipped: list[ReportJob] = []
    if incremental:
        shared = builds.sources_digest()
        keys = {job.html_path: builds.build_key(job.notebook, job.values, shared) for job in jobs}
        if not force:
            skipped = [job for job in jobs if builds.up_to_date(job.html_path, keys[job.html_path])]
            jobs = [job for job in jobs if job not in skipped]
    total = len(jobs)
    workers = max(1, min(workers or os.cpu_count() or 1, total or 1))
    # Workers take jobs in order, so the last `workers` jobs need no kernel after them.
    jobs = [replace(job, prestart_next=n < total - workers) for n, job in enumerate(jobs)]
    results: list[ReportResult] = []

    def report(result: ReportResult) -> None:
        results.append(result)
        if result.ok and result.job.html_path in keys:
            builds.record(result.job.html_path, keys[result.job.html_path])
        if progress is not None:
            status = "ok" if result.ok else "FAILED"
            print(
                f"[{len(results)}/{total}] {result.job.label} ... {status} {result.seconds:.1f} s",
                file=progress,
                flush=True,
            )

    if skipped and progress is not None:
        many = "s are" if len(skipped) != 1 else " is"
        print(f"{len(skipped)} report{many} up to date (--force rebuilds)", file=progress)
    if not jobs:
        pass  # nothing to run
    elif workers == 1:
        _warm_worker()
        try:
            for job in jobs:
                report(_run_safely(runner, job))
        finally:
            _shutdown_spare()
    else:
        # Spawned, not forked: a fork copies the caller's locks but not its threads, so a
        # caller that has run Dask, DuckDB or Polars (a test session, a notebook) can hand a
        # worker a lock that nobody will release, and the batch hangs.
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_warm_worker,
            initargs=(os.getpid(),),
        ) as pool:
            futures = [pool.submit(_run_safely, runner, job) for job in jobs]
            for future in as_completed(futures):
                report(future.result())
    write_indexes(out)
    results += [ReportResult(job, True, 0.0, skipped=True) for job in skipped]
    # Results arrive in completion order; return them in the order asked for.
    order = {job.html_path: number for number, job in enumerate(asked)}
    return sorted(results, key=lambda result: order[result.job.html_path])


# --------------------------------------------------------------------------------------
# Indexes


@dataclass
class _Entry:
    href: str
    title: str
    parameters: list[list[Any]] = field(default_factory=list)
    lang: str = "en"
    question: str = ""
    summary: str = ""
    words: str = ""
    data_version: str = ""


def _entries(folder: Path) -> list[_Entry]:
    entries = []
    for page in sorted(folder.glob("*.html")):
        if page.name == "index.html" or page.name.startswith("."):
            continue
        meta = render.read_report_meta(page.read_text(encoding="utf-8"))
        if meta is None:
            continue  # not one of ours
        entries.append(
            _Entry(
                page.name,
                meta["title"],
                meta["parameters"],
                meta.get("lang", "en"),
                meta.get("question", ""),
                meta.get("summary", ""),
                meta.get("parameters_in_words", ""),
                meta.get("data_version", ""),
            )
        )
    return entries


def _language(entries: list[_Entry]) -> str:
    """The index's language: that of its pages when they all share one, else English."""
    langs = {entry.lang for entry in entries}
    return langs.pop() if len(langs) == 1 else i18n.DEFAULT_LANGUAGE


def _index_page(
    title: str, entries: list[_Entry], folders: list[tuple[str, int]], up: bool, lang: str = "en"
) -> str:
    def t(message: str) -> str:
        return html.escape(i18n.t(message, lang))

    def said(text: str) -> str:
        # A page's question and finding, read from the page: already in its language when
        # the page translated them (Persian letters), else looked up in the catalog.
        if lang == "fa" and _PERSIAN_LETTERS.search(text):
            return html.escape(text)
        return t(text)

    rows = []
    for entry in entries:
        if lang == i18n.DEFAULT_LANGUAGE:
            words = entry.words or page_kit.parameters_in_words(entry.parameters)
        else:
            # The page's words were written in English: written again, in the index's language.
            words = page_kit.parameters_in_words(entry.parameters, lang=lang)
        rows.append(
            f'<tr><td><a href="{html.escape(entry.href)}">{html.escape(entry.title)}</a></td>'
            f"<td>{said(entry.question)}</td><td>{said(entry.summary)}</td>"
            f"<td>{html.escape(words)}</td><td>{_data_version_html(entry.data_version, lang)}</td>"
            "</tr>"
        )
    tiles = _province_tiles(entries)
    folder_rows = "".join(
        f'<li><a href="{html.escape(name)}/index.html">{t(name)}</a>: {t(f"{count} reports")}</li>'
        for name, count in folders
    )
    back = f'<p><a href="../index.html">{t("All reports")}</a></p>' if up else ""
    title = i18n.t(title, lang)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n<style>\n"
        "body{font-family:sans-serif;max-width:60rem;margin:0 auto;padding:1rem}"
        "table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.3rem .6rem;"
        "text-align:left}code{font-size:.85rem}\n</style>\n</head>\n<body>\n"
        f"{back}<h1>{html.escape(title)}</h1>\n"
        + (
            f"<table><thead><tr><th>{t('report')}</th><th>{t('question')}</th>"
            f"<th>{t('what it found')}</th><th>{t('parameters')}</th>"
            f"<th>{t('data version')}</th></tr></thead>"
            "<tbody>\n" + "\n".join(rows) + "\n</tbody></table>\n"
            if rows
            else ""
        )
        + (f"<h2>{t('Report sets')}</h2>\n<ul>{folder_rows}</ul>\n" if folder_rows else "")
        + (f"<h2>{t('By province')}</h2>\n{tiles}\n" if tiles else "")
        + (f"<p>{t('No reports built yet.')}</p>\n" if not rows and not folder_rows else "")
        + "</body>\n</html>\n"
    )
    page = page_kit.finish_index(page)
    return persian.finish_page(page) if lang == "fa" else page


_PERSIAN_LETTERS = re.compile(r"[\u0600-\u06ff]")
_DATA_VERSION = re.compile(r"data ([0-9a-f]+)(?:, (statements to .+))?")


def _data_version_html(text: str, lang: str) -> str:
    """A data version (``data a1b2c3d4e5f6, statements to 2026-02-10``) as HTML in ``lang``.

    The hash is a code, kept in ``<code>`` (Latin, left to right, never put in Persian
    digits); the words around it are looked up in the catalog.

    Example:
        >>> _data_version_html("data a1b2c3, statements to 2026-02-10", "en")
        'data a1b2c3, statements to 2026-02-10'
        >>> _data_version_html("data a1b2c3", "fa")
        'داده‌ها <code>a1b2c3</code>'
    """
    found = _DATA_VERSION.fullmatch(text)
    if lang == i18n.DEFAULT_LANGUAGE or found is None:
        return html.escape(i18n.t(text, lang))
    newest = found.group(2)
    return f"{html.escape(i18n.t('data', lang))} <code>{html.escape(found.group(1))}</code>" + (
        "\u060c " + html.escape(i18n.t(newest, lang)) if newest else ""
    )


def _province_tiles(entries: list[_Entry]) -> str:
    """A batch of one page per province as the tile map (``""`` for any other list)."""
    links: dict[str, str] = {}
    for entry in entries:
        given = {name: value for name, value, *_ in entry.parameters}
        province = given.get("province")
        if not isinstance(province, str) or province in links:
            return ""
        links[province] = entry.href
    try:
        return tiles.tile_links(links) if len(links) > 1 else ""
    except SmeAnalysisError:  # "Iran" or a name the map does not know: no map
        return ""


def write_indexes(out_dir: Path | None = None) -> None:
    """Write ``index.html`` for the output folder and for each report set in it.

    The indexes list the pages present (read back from each page), so reports built by
    earlier runs stay listed; links are relative.

    Example:
        >>> import tempfile
        >>> out = Path(tempfile.mkdtemp())
        >>> write_indexes(out)
        >>> "No reports built yet" in (out / "index.html").read_text()
        True
    """
    out = Path(out_dir or paths.REPORTS_DIR)
    folders = []
    for folder in sorted(p for p in out.iterdir() if p.is_dir()) if out.is_dir() else []:
        if folder.name.startswith((".", "_")):
            continue
        entries = _entries(folder)
        if folder.name in i18n.LANGUAGES:
            # A batch in another language (reports/fa/) has its own indexes, in its language.
            write_indexes(folder)
            folders.append((folder.name, len(entries)))
            continue
        if not entries:
            continue
        page = _index_page(
            f"{folder.name}: {len(entries)} reports", entries, [], up=True, lang=_language(entries)
        )
        write_atomic(folder / "index.html", page.encode("utf-8"))
        folders.append((folder.name, len(entries)))
    top = _entries(out)
    page = _index_page("smeanalysis reports", top, folders, up=False, lang=_language(top))
    write_atomic(out / "index.html", page.encode("utf-8"))
