"""The load generator's counter devices: one thread per device token, each taking the
next request from a shared queue, over its own HTTP connection to `tthc serve`."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class Device:
    """One device's connection; `post` answers the status, 0 for no answer."""

    def __init__(self, token: str, port: int) -> None:
        self.headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                        "User-Agent": "rating-load/1"}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, body: bytes) -> int:
        try:
            self.connection.request("POST", "/api/ratings", body=body, headers=self.headers)
            response = self.connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            # Refused or reset: the next request opens a new connection.
            self.connection.close()
            return 0


def run_devices(tokens: list[str], *, port: int, requests: int,
                handle: Callable[[int, Device], T]) -> list[T]:
    """Request indexes 0 … requests-1, each handled once by whichever device is free;
    what `handle` returned for each, in no particular order."""
    lock = threading.Lock()
    cursor = iter(range(requests))
    results: list[T] = []

    def device(token: str) -> None:
        client = Device(token, port)
        mine: list[T] = []
        while True:
            with lock:
                index = next(cursor, None)
            if index is None:
                break
            mine.append(handle(index, client))
        client.connection.close()
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=device, args=(token,)) for token in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
