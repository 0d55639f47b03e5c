"""Running journeys: publish, pause, resume, archive, enrol by API, counters, member lookup."""

from __future__ import annotations

from flask import Blueprint, jsonify
from pydantic import BaseModel, Field
from spectree import Response
from sqlalchemy import select

from app import live
from app.auth.access import token_scopes
from app.engine import estimate, lifecycle
from app.engine.clock import current_clock
from app.engine.entries import enter_members
from app.engine.member_path import member_runs
from app.errors import ApiError
from app.extensions import api_spec, db
from app.journeys.service import JourneyError, database_catalog, find_journey
from app.journeys.validation import validate
from app.live.snapshot import message_reasons, snapshot_payload
from app.models.journeys import JourneyVersion
from app.models.members import Member
from app.models.runs import JourneyMember, JourneyStep

bp = Blueprint("runs", __name__, url_prefix="/api/journeys")


@bp.errorhandler(JourneyError)
def _journey_error(exc: JourneyError):
    return ApiError(
        exc.status, exc.code, exc.message, [v.to_json() for v in exc.violations]
    ).response()


class PublishBody(BaseModel):
    move_running: bool = Field(
        default=False,
        description="Move members inside the journey to the new version (by node id).",
    )
    node_mapping: dict[str, str] = Field(
        default_factory=dict,
        description="With move_running: where members at an old node go in the new version "
        "({old node id: new node id}); nodes not listed keep their id.",
    )


class EnrolBody(BaseModel):
    member_external_ids: list[str] = Field(min_length=1, max_length=10_000)
    entry_node: str | None = Field(
        default=None, description="Which entry.api node; optional with one"
    )
    request_id: str = Field(
        min_length=1,
        max_length=60,
        description="Re-sending the same request id enters nobody twice",
    )


def _status(journey, **extra):
    return jsonify(journey={"key": journey.key, "status": journey.status}, **extra)


@bp.post("/<key>/publish")
@api_spec.validate(json=PublishBody, tags=["journey runs"])
def publish(key: str, json: PublishBody):
    """Publish the newest draft; errors in it block publishing (422 lists them)."""
    journey = find_journey(key)
    version, entered = lifecycle.publish(
        db.session, journey, current_clock().now(), json.move_running, json.node_mapping
    )
    db.session.commit()
    live.publish_status(journey)
    return _status(journey, version=version.number, entered=entered)


@bp.get("/<key>/publish-preview")
@api_spec.validate(tags=["journey runs"])
def publish_preview(key: str):
    """What publishing the newest draft now would do: members entering at once, and the sends
    per channel and coupons that implies (an upper bound: every branch taken, stated in
    ``assumption``). Nothing is written."""
    journey = find_journey(key)
    draft = lifecycle.latest_draft(db.session, journey)
    if draft is None:
        raise ApiError(409, "no_draft", f"Journey '{key}' has no draft to publish.")
    return jsonify(estimate.publish_estimate(db.session, draft, current_clock().now()))


@bp.post("/<key>/pause")
@api_spec.validate(tags=["journey runs"])
def pause(key: str):
    """Stop entries and steps; waits keep counting down."""
    journey = find_journey(key)
    lifecycle.pause(journey)
    db.session.commit()
    live.publish_status(journey)
    return _status(journey)


@bp.post("/<key>/resume")
@api_spec.validate(tags=["journey runs"])
def resume(key: str):
    """Run again; members who fell due during the pause go on at once."""
    journey = find_journey(key)
    lifecycle.resume(journey)
    db.session.commit()
    live.publish_status(journey)
    return _status(journey)


@bp.post("/<key>/archive")
@api_spec.validate(tags=["journey runs"])
def archive(key: str):
    """End the journey; members still inside leave it."""
    journey = find_journey(key)
    left = lifecycle.archive(db.session, journey, current_clock().now())
    db.session.commit()
    live.publish_status(journey)
    return _status(journey, members_left=left)


@bp.post("/<key>/enrol")
@token_scopes("journeys:enrol")
@api_spec.validate(json=EnrolBody, tags=["journey runs"])
def enrol(key: str, json: EnrolBody):
    """Enter members by external id through an entry.api node (bulk, idempotent per request id)."""
    journey = find_journey(key)
    version = lifecycle.live_version(db.session, journey)
    if journey.status != "published" or version is None:
        raise ApiError(409, "not_running", f"Journey '{key}' is {journey.status}, not running.")
    api_entries = [n["id"] for n in version.document["nodes"] if n["type"] == "entry.api"]
    entry = json.entry_node or (api_entries[0] if len(api_entries) == 1 else None)
    if entry not in api_entries:
        raise ApiError(
            400,
            "validation_failed",
            "Name the entry.api node to enrol through.",
            [{"field": "entry_node", "message": f"one of {api_entries}"}],
        )
    found = _members_by_external_id(json.member_external_ids)
    now = current_clock().now()
    entered = enter_members(
        db.session, version, entry, found.values(), f"api:{json.request_id}", now
    )
    db.session.commit()
    return jsonify(entered=entered, skipped=len(found) - entered)


class TestRunBody(BaseModel):
    member_external_ids: list[str] = Field(min_length=1, max_length=50)
    version: int | None = Field(default=None, description="Version number; the newest by default")
    entry_node: str | None = Field(default=None, description="Entry node; the first by default")


def _members_by_external_id(external_ids: list[str]) -> dict[str, int]:
    rows = db.session.execute(
        select(Member.external_id, Member.id).where(Member.external_id.in_(external_ids))
    )
    found = {external_id: member_id for external_id, member_id in rows}
    unknown = [i for i, ext in enumerate(external_ids) if ext not in found]
    if unknown:
        raise ApiError(
            400,
            "validation_failed",
            f"{len(unknown)} unknown member(s).",
            [
                {"index": i, "field": "member_external_ids", "message": "no such member"}
                for i in unknown[:100]
            ],
        )
    return found


def _run_json(run: JourneyMember) -> dict:
    return {
        "member_id": run.member_id,
        "entry_key": run.entry_key,
        "node_id": run.node_id,
        "status": run.status,
        "due_at": run.due_at.isoformat() if run.due_at else None,
        "entered_at": run.entered_at.isoformat(),
        "path": run.path,
        "error": run.last_error,
        "test": run.is_test,
    }


@bp.post("/<key>/test-runs")
@api_spec.validate(json=TestRunBody, resp=Response(HTTP_201=None), tags=["journey runs"])
def start_test_run(key: str, json: TestRunBody):
    """Run a version (a draft too) for test members: waits last a second, only in-app sends.
    A version with errors is refused (422 ``invalid_journey``, each error with its node)."""
    journey = find_journey(key)
    query = select(JourneyVersion).where(JourneyVersion.journey_id == journey.id)
    if json.version is not None:
        query = query.where(JourneyVersion.number == json.version)
    version = db.session.scalar(query.order_by(JourneyVersion.number.desc()).limit(1))
    if version is None:
        raise ApiError(404, "not_found", f"Journey '{key}' has no version {json.version}.")
    errors = [v for v in validate(version.document, database_catalog()) if v.severity == "error"]
    if errors:
        raise ApiError(
            422,
            "invalid_journey",
            f"Version {version.number} has {len(errors)} error(s) and cannot be tested; "
            f"the first: {errors[0].message}",
            [v.to_json() for v in errors],
        )
    entries = [n["id"] for n in version.document["nodes"] if n["type"].startswith("entry.")]
    entry = json.entry_node or (entries[0] if entries else None)
    if entry not in entries:
        raise ApiError(
            400,
            "validation_failed",
            "The test needs an entry node of this version.",
            [{"field": "entry_node", "message": f"one of {entries}"}],
        )
    members = _members_by_external_id(json.member_external_ids)
    now = current_clock().now()
    entered = enter_members(
        db.session, version, entry, members.values(), f"test:{now.isoformat()}", now, is_test=True
    )
    db.session.commit()
    return jsonify(entered=entered, version=version.number, entry_node=entry), 201


@bp.get("/<key>/test-runs")
@api_spec.validate(tags=["journey runs"])
def list_test_runs(key: str):
    """The newest test runs of the journey, with where each member is, their path, and each
    step with what it would have done (``detail.test``: coupons it would grant, points,
    tags, messages rendered per channel) — test runs change nothing real."""
    journey = find_journey(key)
    runs = db.session.scalars(
        select(JourneyMember)
        .where(JourneyMember.journey_id == journey.id, JourneyMember.is_test.is_(True))
        .order_by(JourneyMember.entered_at.desc(), JourneyMember.id)
        .limit(50)
    ).all()
    steps: dict[int, list] = {}
    for run_id, node_id, outcome, branch, detail, at in db.session.execute(
        select(
            JourneyStep.journey_member_id,
            JourneyStep.node_id,
            JourneyStep.outcome,
            JourneyStep.branch,
            JourneyStep.detail,
            JourneyStep.at,
        )
        .where(JourneyStep.journey_member_id.in_([r.id for r in runs]))
        .order_by(JourneyStep.journey_member_id, JourneyStep.step_no)
    ):
        steps.setdefault(run_id, []).append(
            {
                "node_id": node_id,
                "outcome": outcome,
                "branch": branch,
                "detail": detail,
                "at": at.isoformat(),
            }
        )
    external = dict(
        db.session.execute(
            select(Member.id, Member.external_id).where(Member.id.in_({r.member_id for r in runs}))
        ).all()
    )
    return jsonify(
        runs=[
            _run_json(r)
            | {"member_external_id": external.get(r.member_id), "steps": steps.get(r.id, [])}
            for r in runs
        ]
    )


@bp.get("/<key>/counters")
@api_spec.validate(tags=["journey runs"])
def counters(key: str):
    """The live snapshot: per-node counters (entered, waiting now, passed, exited, converted,
    errors, messages, coupons) and per-edge counts, as the live view's ``snapshot`` event,
    with why messages are held or stopped per send node (``message_reasons``)."""
    journey = find_journey(key)
    payload = snapshot_payload(db.session, journey)
    payload["message_reasons"] = message_reasons(db.session, journey)
    return jsonify(payload)


@bp.get("/<key>/members/<external_id>")
@api_spec.validate(tags=["journey runs"])
def member_path(key: str, external_id: str):
    """Where one member is in the journey and, per entry, each step they took (node label,
    time) with the coupons and messages it gave them."""
    journey = find_journey(key)
    member_id = db.session.scalar(select(Member.id).where(Member.external_id == external_id))
    if member_id is None:
        raise ApiError(404, "not_found", f"No member with external id '{external_id}'.")
    return jsonify(runs=member_runs(db.session, journey, member_id))
