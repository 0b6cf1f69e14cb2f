"""Create or update the project's Python environment; used by every `make` target.

Standard library only, so it runs on a fresh machine with nothing but Python 3.11+.

- With a conda environment active (``CONDA_PREFIX`` set), it installs into that one.
- Otherwise it creates ``.venv/`` beside this project.
- It installs with uv when uv can be had from the package index (about ten times
  faster on a cold install), and falls back to pip when it cannot.
- It registers the Jupyter kernel ``smeanalysis`` inside the environment.
- It compiles the installed packages' bytecode, so that start-up stays fast where
  ``PYTHONDONTWRITEBYTECODE`` is set.
- It installs the exact versions pinned, with their hashes, in ``requirements.lock``
  (``make lock`` writes it from ``pyproject.toml`` with uv), so a report rebuilt next year
  runs on the same pandas and matplotlib; then the package itself, editable.
- It writes a stamp holding a hash of ``pyproject.toml`` and the lock; a later call with
  both unchanged does nothing, so ``make test`` stays quick.

Prints the environment's Python interpreter path on its last line.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements.lock"
KERNEL_NAME = "smeanalysis"
KERNEL_DISPLAY = "Python (smeanalysis)"
EXTRAS = "all"


def log(message: str) -> None:
    print(f"[setup] {message}", file=sys.stderr, flush=True)


def env_python() -> Path:
    conda = os.environ.get("CONDA_PREFIX")
    if conda and os.environ.get("SMEANALYSIS_ENV", "") != "venv":
        return Path(conda) / "bin" / "python"
    return ROOT / ".venv" / "bin" / "python"


def run(cmd: list[str]) -> bool:
    return subprocess.run(cmd, cwd=ROOT).returncode == 0


def main() -> int:
    python = env_python()
    prefix = python.parent.parent
    stamp = prefix / ".smeanalysis-installed"
    # The environment is rebuilt when the declared or the locked dependencies change.
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    if LOCK.exists():
        digest.update(LOCK.read_bytes())
    wanted = digest.hexdigest()
    if python.exists() and stamp.exists() and stamp.read_text().strip() == wanted:
        print(python)
        return 0

    started = time.perf_counter()
    if not python.exists():
        log(f"creating the virtual environment in {prefix}")
        if not run([sys.executable, "-m", "venv", str(prefix)]):
            log("could not create the virtual environment")
            return 1

    spec = f"{ROOT}[{EXTRAS}]"
    uv = prefix / "bin" / "uv"
    have_uv = uv.exists() or run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "uv"]
    )
    # With the lock: the exact, hash-checked versions first, then the package itself without
    # resolving anything again. A conda environment keeps the versions environment.yml gave
    # it (conda, not pip, owns them); without a lock, resolve from pyproject.toml.
    use_lock = LOCK.exists() and not os.environ.get("CONDA_PREFIX")
    steps = (
        [["--require-hashes", "-r", str(LOCK)], ["--no-deps", "-e", spec]]
        if use_lock
        else [["-e", spec]]
    )
    installed = False
    if have_uv and uv.exists():
        log("installing the dependencies with uv" + " from requirements.lock" * use_lock)
        # Bytecode compiled at install time: machines that set PYTHONDONTWRITEBYTECODE would
        # otherwise recompile every imported module in every process (import pandas 2.9 s, not
        # 0.9 s). pip compiles by default; uv only when asked.
        base = [str(uv), "pip", "install", "--quiet", "--compile-bytecode", "--python", str(python)]
        installed = all(run(base + step) for step in steps)
    if not installed:
        log("installing the dependencies with pip (uv was not available)")
        base = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        installed = all(run(base + step) for step in steps)
    if not installed:
        log("installing the dependencies failed")
        return 1

    # --sys-prefix keeps the kernel inside this environment; papermill, nbval and the
    # environment's JupyterLab all look there.
    if not run(
        [
            str(python),
            "-m",
            "ipykernel",
            "install",
            "--sys-prefix",
            "--name",
            KERNEL_NAME,
            "--display-name",
            KERNEL_DISPLAY,
        ]
    ):
        log("registering the Jupyter kernel failed")
        return 1

    stamp.write_text(wanted + "\n")
    log(f"environment ready in {time.perf_counter() - started:.1f} s: {python}")
    print(python)
    return 0


if __name__ == "__main__":
    sys.exit(main())
