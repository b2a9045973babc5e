"""The code version a run records: the package version and a digest of the core's source
files, so that an edited rule counts as new code even before the version is bumped (an
unchanged delivery is reloaded when the code that cleans it has changed)."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata
from pathlib import Path

_CORE = Path(__file__).resolve().parent


@functools.cache
def code_version() -> str:
    try:
        release = metadata.version("work-data-hub-core")
    except metadata.PackageNotFoundError:
        release = "0"
    digest = hashlib.sha256()
    for path in sorted(_CORE.rglob("*.py")):
        if "__pycache__" in path.parts:
            continue
        digest.update(path.relative_to(_CORE).as_posix().encode("utf-8"))
        digest.update(path.read_bytes())
    return f"{release}+{digest.hexdigest()[:12]}"
