"""The installed methodologies, one folder each (``tthc.engine.registry`` finds them).

A folder holds ``methodology.yaml`` (indicators, subjects, dates in force, legal
basis), ``profiles/*.yaml`` (a province's dated parameter values) and the Python that
computes the indicators. See CONTRIBUTING.md, "Add a methodology".
"""
