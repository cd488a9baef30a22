"""Any number of worker processes, and Dask, build the same bytes as one process."""

from __future__ import annotations

import pytest

from tests.build.conftest import build, outputs


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    from tests.build.conftest import ROOT

    out = tmp_path_factory.mktemp("serial") / "out"
    paths = [ROOT / "seeds", ROOT / "tests/corpus/heldout-2"]
    report = build(paths, out, with_store=False, jobs=1, batch=2)
    assert report.conforms and report.extracted == 10
    return paths, outputs(out)


def test_two_worker_processes_write_the_same_bytes(serial, tmp_path):
    paths, expected = serial
    report = build(paths, tmp_path / "out", with_store=False, jobs=2, batch=2)
    assert report.extracted == 10
    assert outputs(tmp_path / "out") == expected


def test_dask_on_a_local_cluster_of_two_workers_writes_the_same_bytes(serial, tmp_path):
    pytest.importorskip("dask.distributed")
    paths, expected = serial
    report = build(paths, tmp_path / "out", with_store=False, jobs=2, executor="dask", batch=2)
    assert report.extracted == 10
    assert outputs(tmp_path / "out") == expected


def test_an_unreachable_scheduler_is_a_clear_error(tmp_path):
    pytest.importorskip("dask.distributed")
    from kg.build import BuildError
    from tests.build.conftest import ROOT

    with pytest.raises(BuildError, match="tcp://127.0.0.1:9"):
        build([ROOT / "seeds"], tmp_path / "out", with_store=False, executor="dask", scheduler="tcp://127.0.0.1:9")
