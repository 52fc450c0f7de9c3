"""rasad beyond one process: the same pipeline as Dask tasks writing Parquet parts
(:mod:`rasad.cluster.run`), a bulk load of those parts into the archive (:mod:`rasad.cluster.load`),
and a folder watched for new pages (:mod:`rasad.cluster.watch`).

Dask, pyarrow and watchfiles are the optional extra ``cluster``: ``pip install 'rasad[cluster]'``.
"""

from __future__ import annotations

from rasad.errors import RasadError

EXTRA = "pip install 'rasad[cluster]'"


def need(module: str, what: str) -> None:
    """Raise a one-line error naming the extra when ``module`` (an optional dependency) is missing."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise RasadError(f"{what} needs the Python package '{module}', which is not installed: {EXTRA}")
