"""The nd61-tt01 parameters of a profile, read once per rule set (``RuleSet.params``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tthc.engine.rules import RuleError, RuleSet, Rung, ladder, share


@dataclass(frozen=True, slots=True)
class Nd61Parameters:
    timing_points: dict[str, int]  # early, on_time, late
    supplements_ladder: tuple[Rung, ...]
    agencies_ladder: tuple[Rung, ...]
    derived_remote_agencies: int
    derived_other_agencies: int
    remote_return_channels: frozenset[str]
    desk_decided_share: dict[str, Fraction]  # by unit kind
    disclosure_points: dict[str, int]  # both, one, none
    attitude_late_points: int
    attitude_complaint_kinds: frozenset[str | None]
    petitions_two_share: Fraction
    petitions_one_share: Fraction
    online_two_procedures: Fraction
    online_two_dossiers: Fraction
    online_one_procedures_min: int
    online_one_dossiers: Fraction


def read_parameters(values: Mapping[str, Any]) -> Nd61Parameters:
    def value(name: str) -> Any:
        if name not in values:
            raise RuleError(f"bộ quy tắc nd61-tt01 thiếu tham số {name}")
        return values[name]

    derived = value("agencies_contacted.derived")
    petitions = value("petitions.shares")
    online = value("online.thresholds")
    return Nd61Parameters(
        timing_points={k: int(v) for k, v in value("timing.points").items()},
        supplements_ladder=ladder(value("supplements.ladder"), "supplements.ladder"),
        agencies_ladder=ladder(value("agencies_contacted.ladder"), "agencies_contacted.ladder"),
        derived_remote_agencies=int(derived["remote"]),
        derived_other_agencies=int(derived["otherwise"]),
        remote_return_channels=frozenset(derived["remote_return_channels"]),
        desk_decided_share={k: share(v) for k, v in value("desk.decided_share").items()},
        disclosure_points={k: int(v) for k, v in value("disclosure.points").items()},
        attitude_late_points=int(value("attitude.late_points")),
        attitude_complaint_kinds=frozenset(value("attitude.complaint_kinds")),
        petitions_two_share=share(petitions["two_points"]),
        petitions_one_share=share(petitions["one_point"]),
        online_two_procedures=share(online["two_points"]["procedures_share"]),
        online_two_dossiers=share(online["two_points"]["dossiers_share"]),
        online_one_procedures_min=int(online["one_point"]["procedures_min"]),
        online_one_dossiers=share(online["one_point"]["dossiers_share"]),
    )


def params(rules: RuleSet) -> Nd61Parameters:
    found = rules.params
    assert isinstance(found, Nd61Parameters), "rule set of another methodology"
    return found
