"""English pages in tests: a client with the switcher's cookie, and the Vietnamese words
still left in a page's headings and labels (data such as unit names removed first)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.test import Client

# The elements that name things on a page: an English page must not keep Vietnamese there.
_NAMING = re.compile(r"<(h1|h2|h3|label|th|legend|dt|button|title)\b[^>]*>(.*?)</\1>", re.S)


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def english_page(client: Client, url: str) -> str:
    """The page at `url` in English; it must answer 200."""
    response = english(client).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def headings(html: str) -> list[str]:
    """The text of every heading, label, table header, legend, term, button and title."""
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip() for _, text in _NAMING.findall(html)]


def leftover_vietnamese(html: str, data: Iterable[str] = ()) -> list[str]:
    """Headings and labels with a letter outside ASCII once the page's `data` is removed."""
    found = []
    for text in headings(html):
        for item in data:
            text = text.replace(item, "")
        if any(ch.isalpha() and ord(ch) > 127 for ch in text):
            found.append(text)
    return found
