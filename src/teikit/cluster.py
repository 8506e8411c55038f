"""Batches on a Dask distributed cluster (``--scheduler``): the same jobs, in chunks, nothing lost.

A batch on a cluster is the batch that runs on the cores of one machine, cut
into chunks of many files (one Dask task each, so that scheduling is not the
cost) and sent to the cluster's workers; the outcomes come back to the machine
that asked, which prints the same progress, table and ``--json`` report.

- ``local`` or ``local:N`` starts a ``LocalCluster`` of N worker processes (default:
  one per core) on 127.0.0.1; anything else is a scheduler's address
  (``tcp://host:8786``).
- Inputs and outputs are paths on a file system every worker sees at the same
  path.  Relative paths are sent as absolute ones (the directory teikit runs
  in) and the outcomes name them as they were given.
- A worker that dies costs only the chunks it was running: the scheduler runs
  them again elsewhere.  A chunk whose workers die every time (the scheduler
  gives up after ``distributed.scheduler.allowed-failures``) is run again file
  by file, and a file that still kills its worker is a failed result.  A file
  that fails (bad input) is a failed result already inside the task, never a
  retry.

Dask is imported only here, and only when a scheduler is asked for:
``pip install 'teikit[cluster]'`` brings it.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from .errors import TeikitError

T = TypeVar("T")
R = TypeVar("R")

INSTALL = "Dask is not installed; pip install 'teikit[cluster]' brings it"
TASKS_PER_SLOT = 4  # chunks per worker thread: enough to balance, few enough to be cheap
CHUNK_MAX = 200  # files per chunk at most: a lost worker costs little work
CONNECT_TIMEOUT = "10s"
# a local worker holds only the chunk it runs (no prefetching: chunks are long), so
# one that dies takes no other chunk with it
LOCAL_SETTINGS = {"distributed.scheduler.worker-saturation": 1.0}


class Executor(Protocol):
    """Somewhere to run chunks of work: :class:`DaskExecutor`, or a stand-in in tests."""

    slots: int

    def map_chunks(
        self,
        fn: Callable[[list[T]], list[R]],
        items: Sequence[T],
        chunks: list[list[int]],
        lost: Callable[[T, str], R],
    ) -> Iterator[tuple[int, R]]:
        """Run ``fn`` on each chunk (indices into ``items``); yield (index, result) as they end.

        An item whose chunk cannot be run (its workers keep dying) gets
        ``lost(item, why)`` instead.
        """
        ...


def chunk_size(count: int, slots: int) -> int:
    """Files per task for ``count`` files on ``slots`` worker threads."""
    per = -(-count // max(1, slots * TASKS_PER_SLOT))
    return max(1, min(CHUNK_MAX, per))


def chunked(count: int, size: int) -> list[list[int]]:
    """The indices 0 … count-1 in runs of ``size``."""
    return [list(range(i, min(i + size, count))) for i in range(0, count, size)]


class DaskExecutor:
    """Chunks of work on a Dask cluster, with lost chunks run again file by file."""

    def __init__(self, client: Any, cluster: Any = None) -> None:
        self.client = client
        self.cluster = cluster
        self.slots = max(1, sum(client.nthreads().values()))

    def map_chunks(
        self,
        fn: Callable[[list[T]], list[R]],
        items: Sequence[T],
        chunks: list[list[int]],
        lost: Callable[[T, str], R],
    ) -> Iterator[tuple[int, R]]:
        """Run ``fn`` on each chunk on the cluster; yield (index, result) as chunks end."""
        from distributed import as_completed
        from distributed.scheduler import KilledWorker

        token = uuid.uuid4().hex[:12]
        numbers = itertools.count()
        pending: dict[Any, list[int]] = {}

        def submit(indices: list[int]) -> Any:
            future = self.client.submit(
                fn, [items[i] for i in indices], key=f"teikit-{token}-{next(numbers)}"
            )
            pending[future] = indices
            return future

        first = [submit(c) for c in chunks if c]
        queue = as_completed(first, loop=self.client.loop)  # type: ignore[no-untyped-call]
        try:
            for future in queue:
                indices = pending.pop(future)
                try:
                    results = future.result()
                except KilledWorker:
                    if len(indices) > 1:
                        for i in indices:
                            queue.add(submit([i]))  # type: ignore[no-untyped-call]
                        continue
                    results = [lost(items[indices[0]], "lost: the worker running it died")]
                yield from zip(indices, results, strict=True)
        finally:
            if pending:  # interrupted: what has not run is not run
                self.client.cancel(list(pending))

    def close(self) -> None:
        """Disconnect, and stop the local cluster if this started one."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def connect(address: str) -> DaskExecutor:
    """A Dask executor: a ``LocalCluster`` (``local``, ``local:N``) or a running scheduler."""
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise TeikitError(INSTALL, path="--scheduler", code="usage") from None
    cluster = None
    try:
        if address == "local" or address.startswith("local:"):
            count = address.partition(":")[2]
            if count and not (count.isdigit() and int(count) > 0):
                raise TeikitError(
                    f"{address}: local:N needs a number of workers",
                    path="--scheduler",
                    code="usage",
                )
            with dask.config.set(LOCAL_SETTINGS):
                cluster = LocalCluster(  # type: ignore[no-untyped-call]
                    n_workers=int(count) if count else os.cpu_count() or 1,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            client = Client(cluster, set_as_default=False)  # type: ignore[no-untyped-call]
        else:
            client = Client(  # type: ignore[no-untyped-call]
                address, timeout=CONNECT_TIMEOUT, set_as_default=False
            )
    except (OSError, TimeoutError, ValueError) as exc:
        if cluster is not None:
            cluster.close()
        raise TeikitError(
            f"cannot reach the scheduler at {address} ({exc})", path="--scheduler", code="io"
        ) from None
    return DaskExecutor(client, cluster)


@contextmanager
def executor(scheduler: str | None) -> Iterator[DaskExecutor | None]:
    """The executor for ``--scheduler`` (None without one), closed when the batch ends."""
    if scheduler is None:
        yield None
        return
    running = connect(scheduler)
    try:
        yield running
    finally:
        running.close()


# ---------------------------------------------------------------------------- paths


def absolute(value: Any, root: Path) -> Any:
    """``value`` (a path, or a dataclass or list holding paths) with relative paths under
    ``root``."""
    if isinstance(value, Path):
        return value if value.is_absolute() else root / value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: absolute(getattr(value, f.name), root) for f in _fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [absolute(v, root) for v in value]
    return value


def relativise(value: Any, prefix: str) -> Any:
    """``value`` with ``prefix`` taken out of every string in it (a result's paths as given)."""
    if isinstance(value, str):
        return value.replace(prefix, "")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: relativise(getattr(value, f.name), prefix) for f in _fields(value)}
        return dataclasses.replace(value, **changes)
    if isinstance(value, list):
        return [relativise(v, prefix) for v in value]
    if isinstance(value, dict):
        return {k: relativise(v, prefix) for k, v in value.items()}
    return value


def _fields(value: Any) -> list[dataclasses.Field[Any]]:
    return [f for f in dataclasses.fields(value) if f.init]


def dispatch(
    running: Executor,
    fn: Callable[[list[T]], list[R]],
    items: Sequence[T],
    chunks: list[list[int]],
    lost: Callable[[T, str], R],
) -> Iterator[tuple[int, R]]:
    """:meth:`Executor.map_chunks` with relative paths sent absolute and given back relative.

    The results of an item that named a relative path name it relative again,
    as a local run does.
    """
    root = Path.cwd()
    prefix = str(root).rstrip(os.sep) + os.sep
    sent = [absolute(item, root) for item in items]
    moved = [a != b for a, b in zip(sent, items, strict=True)]
    for index, result in running.map_chunks(fn, sent, chunks, lost):
        yield index, relativise(result, prefix) if moved[index] else result
