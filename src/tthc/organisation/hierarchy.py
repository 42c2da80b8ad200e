"""The one rule of the units' links: a unit's parent, or its successor, never leads back
to it.

Kept apart from the models and free of Django, so that every writer of a unit's parent
asks the same question: the importer (`tthc.importers.storage`, by code, within a file
and against the units stored) and the admin (`Unit.clean`, by id, against the stored
tree) — interchange §3.
"""

from __future__ import annotations

from collections.abc import Hashable, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)


class UnitTree(Generic[K]):
    """Each unit's parent (by code or by id), as stored or as a writer has set it so far."""

    def __init__(self, parents: MutableMapping[K, K | None]) -> None:
        self.parents = parents

    def cycle(self, unit: K, parent: K | None) -> list[K] | None:
        """The units from `unit` back to itself if `parent` became its parent, else None."""
        path, seen, current = [unit], {unit}, parent
        while current is not None:
            path.append(current)
            if current == unit:
                return path
            if current in seen:
                return None  # a cycle stored before cycles were refused, not through `unit`
            seen.add(current)
            current = self.parents.get(current)
        return None

    def set(self, unit: K, parent: K | None) -> None:
        self.parents[unit] = parent


@dataclass(frozen=True, slots=True)
class UnitLink:
    """A unit's reference to another unit that must never lead back to it."""

    column: str  # in the import
    model: str  # the field on Unit
    vi: str
    en: str
    rule_vi: str
    rule_en: str


PARENT = UnitLink("parent_code", "parent", "đơn vị cấp trên", "parent units",
                  "một đơn vị không thể là cấp trên của chính nó, trực tiếp hay gián tiếp",
                  "a unit cannot be above itself, directly or not")
SUCCESSOR = UnitLink("successor_code", "successor", "đơn vị kế nhiệm", "successor units",
                     "một đơn vị không thể kế nhiệm chính nó, trực tiếp hay gián tiếp",
                     "a unit cannot succeed itself, directly or not")
UNIT_LINKS = (PARENT, SUCCESSOR)


def cycle_reasons(path: Sequence[str], link: UnitLink = PARENT) -> tuple[str, str]:
    """Why a link is refused, in Vietnamese and English, naming the cycle by codes."""
    shown = " → ".join(path)
    return (f"{link.vi} tạo thành vòng lặp ({shown}): {link.rule_vi}",
            f"the {link.en} would form a cycle ({shown}): {link.rule_en}")
