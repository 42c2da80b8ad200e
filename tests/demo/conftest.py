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
