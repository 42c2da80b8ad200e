"""The scoring engine: pure Python, no Django.

It takes plain records (``facts``), a rule set loaded from data files (``rules``) and a
working calendar (``calendar``), and returns per-dossier points with their evidence
(``indicators``) and per-subject scores, classes and ranks (``aggregate``).

All datetimes given to the engine are naive local times (Asia/Ho_Chi_Minh); the caller
converts. "Early / on time / late" compares calendar dates (methodology §1).
"""
