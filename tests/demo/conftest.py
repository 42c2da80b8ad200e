from __future__ import annotations

import pytest
from demo_helpers import DemoSet

from tthc.demo.generate import FILES, write_demo


@pytest.fixture(scope="session")
def demo_set(tmp_path_factory: pytest.TempPathFactory) -> DemoSet:
    """The default data set (seed 2020, 24,000 dossiers), generated once per session."""
    folder = tmp_path_factory.mktemp("demo-default")
    counts = write_demo(folder)
    assert set(counts) == set(FILES)
    return DemoSet(folder, counts)


@pytest.fixture(scope="session")
def demo_set_2026(tmp_path_factory: pytest.TempPathFactory) -> DemoSet:
    """The 2026 data set (seed 2026) at 40,000 dossiers, generated once per session."""
    from tthc.demo.generate_2026 import write_demo_2026

    folder = tmp_path_factory.mktemp("demo-2026")
    return DemoSet(folder, write_demo_2026(folder, dossiers=40_000))
