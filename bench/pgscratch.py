"""A scratch PostgreSQL database beside the one a URL names, which is never touched.

`make pg-start` gives the `tthc` role CREATEDB; the benchmark creates `<name>_bench`
with it, so that the test database keeps its data, and drops it first, so that a run
that died half-way does not spoil the next one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

SUFFIX = "_bench"


def scratch_name(url: str, suffix: str = SUFFIX) -> tuple[str, str]:
    """The scratch database's name and URL: the URL's database name plus `suffix`."""
    parts = urlsplit(url)
    name = (parts.path.lstrip("/") or "postgres") + suffix
    return name, parts._replace(path=f"/{name}").geturl()


def _drop_and_maybe_create(url: str, *, create: bool, suffix: str = SUFFIX) -> str:
    # psycopg comes with the project; imported here so that the rest of the harness
    # does not need it.
    import psycopg
    from psycopg import sql

    name, scratch_url = scratch_name(url, suffix)
    # Connected to the database the URL names: only to issue the two statements.
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if create:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return scratch_url


def fresh_database(url: str, suffix: str = SUFFIX) -> str:
    """Drop and create the scratch database; return its URL."""
    return _drop_and_maybe_create(url, create=True, suffix=suffix)


def drop_database(url: str, suffix: str = SUFFIX) -> None:
    _drop_and_maybe_create(url, create=False, suffix=suffix)
