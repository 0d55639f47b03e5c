"""``/api/program/control-group``: read (signed in) and set (admins) the control group."""

from __future__ import annotations

from flask import Blueprint, jsonify

from app.auth.access import roles_required
from app.control_group.settings import ControlGroupIn, control_group, set_control_group
from app.extensions import api_spec, db

bp = Blueprint("control_group", __name__, url_prefix="/api/program")


@bp.get("/control-group")
@api_spec.validate(tags=["program"])
@roles_required("admin", "marketer", "viewer")
def read():
    """The share of members that no journey acts on."""
    return jsonify(control_group(db.session).to_json())


@bp.put("/control-group")
@api_spec.validate(json=ControlGroupIn, tags=["program"])
@roles_required("admin")
def update(json: ControlGroupIn):
    """Set the share (0–50%); members in it are held out of every journey from now on."""
    group = set_control_group(db.session, json)
    db.session.commit()
    return jsonify(group.to_json())
