"""The Điện Biên demonstration data set (dữ liệu minh họa): a generator of canonical CSV
files (``generate.write_demo``, pure Python) and the loader behind ``tthc demo``
(``load.demo_load``, the only module of the two that touches Django). As a Django app it
holds the demo's commands: ``tthc demo``, ``tthc demo_users`` and ``tthc demo_cycle``."""
