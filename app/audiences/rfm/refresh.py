"""Refresh the RFM scores stored on members.

The database aggregates the window's purchases per member (:mod:`.facts`), numpy and pandas
score them (:mod:`.scoring`), and only the members whose scores or segment changed are
written back (:mod:`.store`), in the caller's transaction, then committed.

A refresh scores "as of" a moment, by default the time it runs: the window is the
``window_days`` days up to that moment, and purchases after it are ignored, so a data set
can be scored at a past date (back-testing). Orders are taken with their current status
and refunds.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np
import pandas as pd
from flask import current_app
from sqlalchemy.orm import Session

from app.audiences.rfm.facts import order_facts
from app.audiences.rfm.scoring import score_members
from app.audiences.rfm.segments import (
    LOST,
    NEVER_BOUGHT,
    SEGMENT_NAMES,
    SEGMENT_RULES,
    SegmentRule,
)
from app.audiences.rfm.store import Scores, stored_state, write_scores
from app.models import RfmRefresh

DEFAULT_WINDOW_DAYS = 365


def window_days() -> int:
    """The configured window (``RFM_WINDOW_DAYS``), 365 days by default."""
    return int(current_app.config.get("RFM_WINDOW_DAYS") or DEFAULT_WINDOW_DAYS)


def target_scores(member_ids: np.ndarray, scored: pd.DataFrame, lapsed: np.ndarray) -> Scores:
    """Every member's new state: its scores if ``scored`` has it, else :data:`LOST` where
    ``lapsed`` (bought before the window) and :data:`NEVER_BOUGHT` elsewhere.

    ``member_ids`` are every member's id, ascending, and ``lapsed`` is aligned with them;
    scored members missing from them (deleted since the aggregate ran) are left out.
    """
    n = len(member_ids)
    target = Scores(
        member_id=member_ids,
        r=np.zeros(n, np.int64),
        f=np.zeros(n, np.int64),
        m=np.zeros(n, np.int64),
        segment=np.where(lapsed, LOST, NEVER_BOUGHT).astype(object),
    )
    if not n or not len(scored):
        return target
    ids = scored["member_id"].to_numpy()
    positions = np.minimum(np.searchsorted(member_ids, ids), n - 1)
    present = member_ids[positions] == ids
    at = positions[present]
    for name in ("r", "f", "m"):
        getattr(target, name)[at] = scored[name].to_numpy()[present]
    target.segment[at] = scored["segment"].to_numpy(dtype=object)[present]
    return target


def refresh_rfm(
    session: Session,
    now: datetime,
    days: int | None = None,
    rules: tuple[SegmentRule, ...] = SEGMENT_RULES,
    as_of: datetime | None = None,
) -> dict:
    """Recompute every member's RFM scores and segment and store what changed; commits.

    Scores are taken ``as_of`` (default ``now``): purchases from ``as_of - days`` to
    ``as_of`` count, later ones are ignored. Members without purchases in the window get
    no scores and the segment ``Lost`` if they bought before it, ``Never bought`` if not.
    Only members whose scores or segment changed (or that no refresh wrote yet) are
    written, with ``rfm_updated_at = now``; the others keep their row untouched. Each
    refresh is logged in ``rfm_refreshes`` (what the RFM page shows as the last refresh).
    Returns ``{"scored", "changed", "refreshed_at": now, "as_of", "window_days"}``.
    """
    days = days or window_days()
    as_of = as_of or now
    if as_of > now:
        raise ValueError(f"as_of {as_of.isoformat()} is after now ({now.isoformat()})")
    facts = order_facts(session, as_of, days)
    scored = score_members(facts, pd.Timestamp(as_of), rules)
    names = list(dict.fromkeys([*SEGMENT_NAMES, *(rule.segment for rule in rules)]))
    member_ids, stored, lapsed = stored_state(session, names, as_of - timedelta(days=days))
    target = target_scores(member_ids, scored, lapsed)
    positions = np.flatnonzero(target.packed(names) != stored)
    write_scores(session, target, positions, now)
    session.add(
        RfmRefresh(
            refreshed_at=now,
            as_of=as_of,
            window_days=days,
            scored=len(scored),
            changed=len(positions),
        )
    )
    session.commit()
    return {
        "scored": len(scored),
        "changed": len(positions),
        "refreshed_at": now,
        "as_of": as_of,
        "window_days": days,
    }
