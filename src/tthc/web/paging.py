"""The query that web/_pager.html puts before a page number, for the pages that page
their lists (the desk, the petitions desk, the reconciliation, the audit log)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import QueryDict


def page_query(query: QueryDict, param: str = "trang") -> str:
    """The request's query without its page and without empty fields, then `param=`: a
    page link keeps the list's filters ("?ma=STP&trang=")."""
    kept = urlencode([(key, value) for key, values in query.lists() if key != param for value in values if value])
    return f"?{kept}&{param}=" if kept else f"?{param}="
