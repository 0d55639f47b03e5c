"""RFM segment (one of a list) or one RFM score (1-5) compared with a number.

``No orders``, the segment that held every member without purchases in the window before it
was split into ``Lost`` and ``Never bought``, is still accepted in saved rules and means both.
"""

from __future__ import annotations

from app.audiences.rfm.segments import LEGACY_SEGMENTS, SEGMENT_NAMES
from app.audiences.rules.comparisons import compare
from app.audiences.rules.conditions import register
from app.audiences.rules.conditions.base import ConditionKind, check_choice, check_whole
from app.audiences.rules.problems import RuleProblem, join
from app.audiences.rules.values import OPERATORS, check_op_value
from app.models import Member

SCORES = {"r": Member.rfm_r, "f": Member.rfm_f, "m": Member.rfm_m}


class RfmCondition(ConditionKind):
    kind = "rfm"
    label = "RFM segment or score"
    keys = frozenset({"segment", "score", "op", "value"})

    def describe(self) -> dict:
        return {
            "segments": list(SEGMENT_NAMES),
            "scores": list(SCORES),
            "operators": list(OPERATORS["count"]),
        }

    def validate(self, cond, path):
        if cond.get("segment") is not None:
            extra = [k for k in ("score", "op", "value") if k in cond]
            if extra:
                return [
                    RuleProblem(path, "give either segment or score with op and value, not both")
                ]
            segments = cond["segment"]
            if not isinstance(segments, list) or not segments:
                return [
                    RuleProblem(
                        join(path, "segment"), "segment must be a non-empty list of segment names"
                    )
                ]
            return [
                RuleProblem(
                    f"{join(path, 'segment')}[{i}]",
                    f"unknown segment {s!r}; use one of {', '.join(SEGMENT_NAMES)}",
                )
                for i, s in enumerate(segments)
                if s not in SEGMENT_NAMES and s not in LEGACY_SEGMENTS
            ]
        problems = check_choice(cond, "score", tuple(SCORES), path)
        return problems + (
            check_op_value(cond, "count", path) or check_whole(cond, path, low=1, high=5)
        )

    def compile(self, cond, ctx):
        if cond.get("segment") is not None:
            names = [n for s in cond["segment"] for n in LEGACY_SEGMENTS.get(s, (s,))]
            return Member.rfm_segment.in_(list(dict.fromkeys(names)))
        return compare(SCORES[cond["score"]], cond["op"], cond["value"])


register(RfmCondition())
