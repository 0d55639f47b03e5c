"""``GET /api/journeys/<key>/report``: the journey effect report as JSON or CSV."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from app.auth.access import roles_required
from app.engine.clock import current_clock
from app.errors import validation_error
from app.extensions import api_spec, db
from app.reports.csv import report_csv
from app.reports.program import program_report
from app.reports.service import (
    PeriodQuery,
    ReportQuery,
    find_journey,
    journey_report,
    parse_query,
    source_report,
)

bp = Blueprint("reports", __name__, url_prefix="/api")


@bp.get("/journeys/<key>/report")
@api_spec.validate(tags=["reports"])
@roles_required("admin", "marketer", "viewer")
def report(key: str):
    """What the journey earned: member, coupon and channel figures, per node, arm, holdout
    and day (``docs/attribution.md``). ``format=csv`` downloads it as CSV.

    Query: ``from``, ``to`` (dates or ISO times, UTC), ``window_days`` (1–90).
    """
    args = request.args.to_dict()
    fmt = args.pop("format", "json")
    if fmt not in ("json", "csv"):
        raise validation_error([{"field": "format", "message": "must be json or csv"}])
    query: ReportQuery = parse_query(args)
    journey = find_journey(db.session, key)
    body = journey_report(db.session, journey, query)
    if fmt == "csv":
        return Response(
            report_csv(body),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{key}-report.csv"'},
        )
    return jsonify(body)


@bp.get("/journeys/<key>/report/by-source")
@api_spec.validate(tags=["reports"])
@roles_required("admin", "marketer", "viewer")
def report_by_source(key: str):
    """The report's member figures split by the members' registration channel, with the
    members who entered from each (``by_source``). Query: as the report's."""
    query: ReportQuery = parse_query(request.args.to_dict())
    return jsonify(source_report(db.session, find_journey(db.session, key), query))


@bp.get("/reports/program")
@api_spec.validate(tags=["reports"])
@roles_required("admin", "marketer", "viewer")
def program():
    """Every journey together against the global control group: what members the journeys
    acted on bought against what held-out members bought, from their first entry in the
    period (``from``, ``to``), with the incremental paid amount and its 95% interval."""
    query = parse_query(request.args.to_dict(), PeriodQuery)
    return jsonify(program_report(db.session, query, current_clock().now()))
