"""Values are checked against their column where they meet the database, the same way on
SQLite and PostgreSQL: an integer must fit its column (32 bits for ``Integer``, 16 for
``SmallInteger``, 64 for ``BigInteger``), a decimal its precision, a text its length.

PostgreSQL refuses such values with an error, SQLite stores them; either way the API answered
500 or kept a value the other database would not. Here both raise :class:`OutOfRange`, which
the API answers with a 400 naming the column; the transaction is rolled back, so nothing is
written.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable
from decimal import Decimal

from sqlalchemy import BigInteger, Float, Integer, Numeric, SmallInteger, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.types import TypeDecorator

from app.errors import ApiError, validation_error


class OutOfRange(ApiError):
    """A value that does not fit its column."""

    def __init__(self, field: str, message: str):
        error = validation_error([{"field": field, "message": message}])
        super().__init__(error.status, error.code, error.message, error.errors)


def _base_type(type_):
    while isinstance(type_, TypeDecorator):
        type_ = type_.impl_instance if hasattr(type_, "impl_instance") else type_.impl
    return type_


def _int_check(low: int, high: int) -> Callable:
    def check(value):
        if type(value) is int and not low <= value <= high:
            return f"must be between {low} and {high}"
        return None

    return check


def _numeric_check(precision: int, scale: int) -> Callable:
    limit = Decimal(10) ** (precision - scale)

    def check(value):
        if isinstance(value, Decimal | float) and not isinstance(value, bool):
            number = Decimal(value) if isinstance(value, float) else value
            if not number.is_finite():
                return "must be a finite number"
            if abs(number) >= limit:
                return f"must be less than {limit:,} in size"
        return None

    return check


def _string_check(length: int) -> Callable:
    def check(value):
        if isinstance(value, str) and len(value) > length:
            return f"must be at most {length} characters"
        return None

    return check


def checker_for(type_) -> Callable | None:
    """The check a bound value of ``type_`` must pass, or ``None``."""
    base = _base_type(type_)
    if isinstance(base, BigInteger):
        return _int_check(-(2**63), 2**63 - 1)
    if isinstance(base, SmallInteger):
        return _int_check(-(2**15), 2**15 - 1)
    if isinstance(base, Integer):
        return _int_check(-(2**31), 2**31 - 1)
    if isinstance(base, Numeric) and not isinstance(base, Float) and base.precision:
        return _numeric_check(base.precision, base.scale or 0)
    if isinstance(base, String) and base.length:
        return _string_check(base.length)
    return None


def _field(bind) -> str:
    key = getattr(bind, "_orig_key", None) or bind.key
    key = str(key)
    match = re.match(r"^%\(\d+ (.+)\)s$", key)
    if match:
        key = match.group(1)
    return re.sub(r"_\d+$", "", key)


#: Per compiled statement: ``[(bind name, field, check)]`` of the binds worth checking.
_plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _plan(compiled) -> list:
    try:
        return _plans[compiled]
    except KeyError:
        pass
    plan = []
    for name, bind in compiled.binds.items():
        check = checker_for(bind.type)
        if check is not None:
            plan.append((name, _field(bind), check))
    _plans[compiled] = plan
    return plan


def check_parameters(compiled, parameter_sets) -> None:
    """Raise :class:`OutOfRange` for the first bound value that does not fit its column."""
    plan = _plan(compiled)
    if not plan:
        return
    for parameters in parameter_sets:
        for name, field, check in plan:
            value = parameters.get(name)
            if value is not None:
                problem = check(value)
                if problem:
                    raise OutOfRange(field, problem)


@event.listens_for(Engine, "before_cursor_execute")
def _before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
    compiled = getattr(context, "compiled", None)
    if compiled is None or not getattr(context, "compiled_parameters", None):
        return
    check_parameters(compiled, context.compiled_parameters)
