"""The value of one point, a program setting (``program_settings`` key ``points_value``).

The report prices outstanding points at this value: the liability the program carries.
Without a setting a point is worth :data:`DEFAULT_YUAN_PER_POINT` (100 points = 1 yuan).
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.models import ProgramSetting

KEY = "points_value"
DEFAULT_YUAN_PER_POINT = Decimal("0.01")


class PointsValueIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    yuan_per_point: Decimal = Field(
        gt=0, le=1000, max_digits=10, decimal_places=6, description="What one point is worth."
    )


def yuan_per_point(session: Session) -> Decimal:
    value = session.scalar(select(ProgramSetting.value).where(ProgramSetting.key == KEY))
    if not value or value.get("yuan_per_point") is None:
        return DEFAULT_YUAN_PER_POINT
    return Decimal(str(value["yuan_per_point"]))


def set_yuan_per_point(session: Session, body: PointsValueIn) -> Decimal:
    row = session.get(ProgramSetting, KEY)
    if row is None:
        row = ProgramSetting(key=KEY, value={})
        session.add(row)
    row.value = {"yuan_per_point": str(body.yuan_per_point)}
    session.flush()
    return yuan_per_point(session)
