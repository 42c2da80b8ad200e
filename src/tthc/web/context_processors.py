"""Template context shared by every page, the admin's included."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from tthc.scoring.selectors import dataset_is_demo

_CACHE_ATTRIBUTE = "_tthc_dataset_is_demo"


def demo_banner(request: HttpRequest) -> dict[str, Callable[[], bool]]:
    """`dataset_is_demo` for the banner, asked at most once per request.

    A callable, so pages that never show the banner (and static error pages) cost no
    query; templates call it on first use.
    """

    def is_demo() -> bool:
        cached: Any = getattr(request, _CACHE_ATTRIBUTE, None)
        if cached is None:
            cached = dataset_is_demo()
            setattr(request, _CACHE_ATTRIBUTE, cached)
        return bool(cached)

    return {"dataset_is_demo": is_demo}
