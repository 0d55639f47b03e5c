"""The control group setting: read it (cached per engine batch) and change it."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ProgramSetting

KEY = "control_group"


class ControlGroupIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    percent: float = Field(
        ge=0, le=50, description="Share of members no journey acts on, 0 to switch it off"
    )


@dataclass(frozen=True)
class ControlGroup:
    percent: float = 0.0
    salt: str = ""

    def to_json(self) -> dict:
        return {"percent": self.percent}


def control_group(session: Session) -> ControlGroup:
    value = session.scalar(select(ProgramSetting.value).where(ProgramSetting.key == KEY))
    if not value:
        return ControlGroup()
    return ControlGroup(float(value.get("percent") or 0), str(value.get("salt") or ""))


def set_control_group(session: Session, body: ControlGroupIn) -> ControlGroup:
    """Store the percentage. The salt is drawn once and kept, so changing the share grows or
    shrinks the group at its edge instead of drawing a new one."""
    row = session.get(ProgramSetting, KEY)
    if row is None:
        row = ProgramSetting(key=KEY, value={"salt": secrets.token_hex(8)})
        session.add(row)
    row.value = {"salt": row.value.get("salt") or secrets.token_hex(8), "percent": body.percent}
    session.flush()
    return control_group(session)
