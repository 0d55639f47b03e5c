"""action.tag: add a tag to, or remove it from, every member of the batch in one statement."""

from __future__ import annotations

from sqlalchemy import delete

from app.database import insert_ignoring_duplicates
from app.engine import trial
from app.engine.batch import Move
from app.engine.steps import executor
from app.models.members import MemberTag


@executor("action.tag")
def execute(node, states, ctx):
    member_ids = sorted({s.member_id for s in states})
    tag = node.config.tag
    if ctx.test_mode:
        what = "add a tag" if node.config.operation == "add" else "remove a tag"
        return [Move("next", trial.would(what, tag=tag))] * len(states)
    if node.config.operation == "add":
        rows = [
            {"member_id": m, "tag": tag, "source": "journey", "created_at": ctx.now}
            for m in member_ids
        ]
        insert_ignoring_duplicates(ctx.session, MemberTag, rows, ["member_id", "tag"])
    else:
        ctx.session.execute(
            delete(MemberTag).where(MemberTag.member_id.in_(member_ids), MemberTag.tag == tag)
        )
    return [Move("next")] * len(states)
