"""The Điện Biên demonstration data set (dữ liệu minh họa): a generator of canonical CSV
files (``generate.write_demo``, pure Python) and the loader behind ``tthc demo``
(``load.demo_load``, the only module that touches Django)."""
