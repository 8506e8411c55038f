"""Batches on a Dask cluster (--scheduler): the same files as a local run, nothing lost.

One LocalCluster of two worker processes on 127.0.0.1 serves the module.  A
worker is killed while it runs a chunk: the scheduler runs that chunk again on
a worker that is alive, and every output is there and the same, byte for byte,
as ``--jobs 1`` writes.  A file that kills every worker is a failed result;
a run stopped with Ctrl-C leaves whole files and ``--update`` finishes it.
Each test is bounded by an alarm.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

import cloudpickle
import dask
import pytest
from click.testing import CliRunner
from conftest import FIXTURES, SEED_TXT
from distributed import Client, LocalCluster

from teikit import api, batch, cluster
from teikit.api import converting
from teikit.cli import main

LIMIT = 120  # seconds any one test may take
COPIES = 12  # of each rule fixture: 96 small transcriptions


@pytest.fixture(autouse=True)
def alarm() -> Iterator[None]:
    """Fail a test that hangs (a cluster that never answers) instead of waiting for ever."""

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"the test took more than {LIMIT} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(LIMIT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[tuple[LocalCluster, Client]]:
    """A scheduler and two worker processes on the loopback address.

    The scheduler gives up on a chunk after its workers died twice on it (the
    default is four times), which keeps the test of a file that kills every
    worker short; a worker holds only the chunk it runs (as teikit's ``local``
    cluster does), so a dying worker takes no bystander with it.
    """
    settings = {
        "distributed.scheduler.allowed-failures": 1,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with dask.config.set(settings):
        local = LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=50,
        )
        client = Client(local, set_as_default=False)
        try:
            yield local, client
        finally:
            client.close()
            local.close()


def make_corpus(root: Path, copies: int) -> Path:
    """``copies`` × 8 small transcriptions in nested folders, and a broken one."""
    for i in range(copies):
        folder = root / f"box{i % 2}" / f"folder{i}"
        folder.mkdir(parents=True)
        for fixture in sorted((FIXTURES / "rules").glob("*.txt")):
            shutil.copy(fixture, folder / fixture.name)
    (root / "box0" / "broken.txt").write_text("A text " + "[" * 60 + "\n", "utf-8")  # too deep
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """96 small transcriptions, and a broken one."""
    return make_corpus(tmp_path / "in", COPIES)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def as_dicts(outcomes: list[batch.Outcome], out: Path, name: str) -> list[dict[str, Any]]:
    """The outcomes with the output folder's name made neutral, to compare two runs."""
    return [
        json.loads(json.dumps(o.as_dict()).replace(str(out), name)) for o in outcomes
    ]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_killed_worker_costs_only_its_chunk(
    dask_cluster: tuple[LocalCluster, Client], corpus: Path, tmp_path: Path
) -> None:
    local, client = dask_cluster
    expected = api.convert_many([str(corpus)], out_dir=str(tmp_path / "local"), jobs=1)
    killed: dict[str, Any] = {}

    seen: list[batch.Outcome] = []

    def progress(outcome: batch.Outcome) -> None:
        """Once a chunk has come back: kill a worker while it runs another."""
        seen.append(outcome)
        if killed:
            return
        busy = [(w, keys) for w, keys in client.processing().items() if keys]
        if busy:
            victim, running = busy[0]
            pid = client.run(os.getpid, workers=[victim])[victim]
            killed.update(pid=pid, running=running, after=len(seen))
            os.kill(pid, signal.SIGKILL)

    out = tmp_path / "cluster"
    outcomes = api.convert_many(
        [str(corpus)], out_dir=str(out), scheduler=local.scheduler_address, progress=progress
    )
    total = len(expected)
    assert killed, "no worker was ever seen running a chunk"
    assert killed["after"] < total, killed  # killed mid-batch, with work left
    deadline = time.monotonic() + 10
    while alive(killed["pid"]) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(killed["pid"])
    # every file once, in input order, with the outcome a local run gives
    assert len(seen) == total
    assert as_dicts(outcomes, out, "OUT") == as_dicts(expected, tmp_path / "local", "OUT")
    assert [o.status for o in outcomes].count(batch.FAILED) == 1  # broken.txt, not retried
    assert files(out) == files(tmp_path / "local")
    assert len(files(out)) == total - 1


def test_the_command_line_report_update_and_force(
    dask_cluster: tuple[LocalCluster, Client], tmp_path: Path, monkeypatch: Any
) -> None:
    local, _ = dask_cluster
    make_corpus(tmp_path / "in", 3)
    monkeypatch.chdir(tmp_path)  # relative paths, as a person types them
    runner = CliRunner()

    def convert(*args: str) -> tuple[int, Any]:
        result = runner.invoke(main, ["convert", "in", "--json", *args])
        return result.exit_code, json.loads(result.stdout)

    code, here = convert("--out-dir", "one", "--jobs", "1")
    code2, there = convert("--out-dir", "two", "--scheduler", local.scheduler_address)
    assert code == code2 == 2  # the broken file
    assert json.dumps(there).replace("two/", "one/") == json.dumps(here)
    assert files(tmp_path / "one") == files(tmp_path / "two")
    # an interrupted run: some outputs never written; --update writes just those
    written = sorted((tmp_path / "two").rglob("*.xml"))
    for path in written[::3]:
        path.unlink()
    code, resumed = convert("--out-dir", "two", "--update", "--scheduler", local.scheduler_address)
    gone = len(written[::3])
    assert resumed["summary"] == {
        "files": len(written) + 1, "ok": gone, "skipped": len(written) - gone, "failed": 1
    }
    assert files(tmp_path / "one") == files(tmp_path / "two")
    # no overwriting without --force: refused, and the file kept as it is
    written[1].write_text("edited by hand", "utf-8")
    code, refused = convert("--out-dir", "two", "--scheduler", local.scheduler_address)
    assert code == 2 and refused["summary"]["failed"] == len(written) + 1
    assert written[1].read_text("utf-8") == "edited by hand"
    code, forced = convert("--out-dir", "two", "--force", "--scheduler", local.scheduler_address)
    assert forced["summary"]["ok"] == len(written)
    assert files(tmp_path / "one") == files(tmp_path / "two")
    # validate and export: the same report and files as a local run
    result = [
        runner.invoke(main, ["validate", "one", "--json", *how])
        for how in (["--jobs", "1"], ["--scheduler", local.scheduler_address])
    ]
    assert result[0].exit_code == result[1].exit_code
    assert result[0].stdout == result[1].stdout and '"status"' in result[0].stdout
    for name, how in (("h1", ["--jobs", "1"]), ("h2", ["--scheduler", local.scheduler_address])):
        done = runner.invoke(main, ["export", "one", "--to", "html", "--out-dir", name, *how])
        assert done.exit_code == 0, done.stderr
    assert files(tmp_path / "h1") == files(tmp_path / "h2") != {}


POISON = "poison.txt"


def dies_on_poison(job: batch.Job) -> batch.Outcome:
    """A worker that dies (as on a segfault) on one file, and converts the others."""
    if job.input.name == POISON:
        os._exit(1)
    return converting._convert_job(job, force=False, update=False, profile="wilson-center")


def test_a_file_that_kills_every_worker_is_a_failure_not_a_loop(
    dask_cluster: tuple[LocalCluster, Client], tmp_path: Path, monkeypatch: Any
) -> None:
    local, _ = dask_cluster
    monkeypatch.setattr(cluster, "TASKS_PER_SLOT", 1)  # chunks of 4: poison and 3 others
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        shutil.copy(FIXTURES / "rules" / "sic.txt", folder / f"sic{i}.txt")
    shutil.copy(FIXTURES / "rules" / "sic.txt", folder / POISON)
    jobs = batch.plan([str(folder)], (".txt",), str(tmp_path / "out"), None,
                      lambda p: p.with_suffix(".xml").name)
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        with cluster.executor(local.scheduler_address) as running:
            outcomes = batch.run(jobs, dies_on_poison, executor=running)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    by_name = {Path(o.input).name: o for o in outcomes}
    assert by_name[POISON].status == batch.FAILED
    assert "worker" in by_name[POISON].message and "died" in by_name[POISON].message
    assert {n for n, o in by_name.items() if o.status == batch.OK} == {
        f"sic{i}.txt" for i in range(6)
    }
    assert not (tmp_path / "out" / "poison.xml").exists()


def test_chunks_are_many_files_and_bounded() -> None:
    assert cluster.chunk_size(1_000_000, 100) == cluster.CHUNK_MAX
    assert cluster.chunk_size(96, 2) == 12
    assert cluster.chunk_size(3, 8) == 1
    chunks = cluster.chunked(10, 4)
    assert chunks == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]


def test_paths_go_absolute_and_come_back_as_given(tmp_path: Path) -> None:
    job = batch.Job(Path("in/a.txt"), Path("out/a.xml"))
    sent = cluster.absolute(job, tmp_path)
    assert sent.input == tmp_path / "in/a.txt" and sent.output == tmp_path / "out/a.xml"
    outcome = batch.Outcome(str(sent.input), str(sent.output), batch.FAILED,
                            f"{sent.input}:1:2: error: x", diagnostics=[{"path": str(sent.input)}])
    back = cluster.relativise(outcome, f"{tmp_path}{os.sep}")
    assert back == dataclasses.replace(
        outcome, input="in/a.txt", output="out/a.xml", message="in/a.txt:1:2: error: x",
        diagnostics=[{"path": "in/a.txt"}],
    )


def test_without_dask_the_option_says_how_to_install_it(
    monkeypatch: Any, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    result = CliRunner().invoke(
        main, ["convert", str(SEED_TXT.parent), "--out-dir", str(tmp_path), "--scheduler", "local"]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "--scheduler: error: Dask is not installed; pip install 'teikit[cluster]' brings it"
    ]
    assert not any(tmp_path.iterdir())


def test_the_command_line_does_not_import_dask() -> None:
    code = (
        "import sys, teikit.cli, teikit.api; "
        "dask = [m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')]; "
        "print(dask); sys.exit(1 if dask else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_option_and_the_scale_page_are_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text("utf-8")
    scale = (Path(__file__).resolve().parent.parent / "docs" / "scale.md").read_text("utf-8")
    assert "--scheduler" in readme and "docs/scale.md" in readme
    for needed in ("dask scheduler", "dask worker", "dask-jobqueue", "Kubernetes",
                   "a million pages", "documents per second"):
        assert needed in scale, needed


def test_an_interrupted_run_leaves_whole_files_and_update_finishes_it(
    dask_cluster: tuple[LocalCluster, Client], tmp_path: Path
) -> None:
    local, _ = dask_cluster
    source = make_corpus(tmp_path / "in", COPIES)
    api.convert_many([str(source)], out_dir=str(tmp_path / "local"), jobs=1)
    out = tmp_path / "cluster"
    command = [str(Path(sys.executable).parent / "teikit"), "convert", str(source),
               "--out-dir", str(out), "--scheduler", local.scheduler_address]
    running = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # as a terminal gives it
    )
    deadline = time.monotonic() + 60
    while not any(out.rglob("*.xml")) and running.poll() is None:
        assert time.monotonic() < deadline, "no output after 60 s"
        time.sleep(0.02)
    running.send_signal(signal.SIGINT)
    _, err = running.communicate(timeout=60)
    assert running.returncode == 130, err.decode()
    assert err.decode().strip().endswith("teikit: interrupted")
    expected = files(tmp_path / "local")
    time.sleep(1)  # a chunk that was running when the command stopped ends on its worker
    partial = files(out)
    assert 0 < len(partial) < len(expected)  # stopped mid-batch
    assert all(expected[name] == data for name, data in partial.items())  # whole files
    outcomes = api.convert_many([str(source)], out_dir=str(out), update=True,
                                scheduler=local.scheduler_address)
    assert {o.status for o in outcomes} == {batch.OK, batch.SKIPPED, batch.FAILED}
    assert files(out) == expected
