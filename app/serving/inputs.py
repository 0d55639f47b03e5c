"""Rules every request's input obeys before any view sees it, the same on every database.

* the path is at most ``MAX_PATH`` characters (else 414);
* integers in the path fit a signed 64-bit column (else 400 naming the part);
* no text anywhere — path, query, form, JSON keys and values — holds a NUL character or a
  lone UTF-16 surrogate (PostgreSQL stores neither; UTF-8 cannot encode a lone surrogate);
* a JSON body parses, nests at most ``MAX_DEPTH`` deep, and holds no NaN or Infinity and no
  integer beyond 64 bits;
* a route that reads a JSON body gets one: a form-encoded or other body is answered 415.

Each refusal is a 400 (or 414/415) naming the field, raised before anything is written.
Ranges of 32-bit columns and text lengths are checked where values meet the database
(:mod:`app.serving.bind_limits`).
"""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate

from flask import Flask, current_app, request

from app.errors import ApiError, validation_error

MAX_PATH = 2048
MAX_DEPTH = 64
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
JSON_MIMETYPES = ("application/json",)


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be stored as text, or ``None``."""
    found = _BAD_TEXT.search(value)
    if found is None:
        return None
    if found.group() == "\x00":
        return "must not contain NUL characters (\\u0000)"
    return "must be valid Unicode (it holds a lone surrogate)"


def int_problem(value: int) -> str | None:
    if INT64_MIN <= value <= INT64_MAX:
        return None
    return f"must be between {INT64_MIN} and {INT64_MAX}"


def _refuse(field: str, message: str, index: int | None = None) -> ApiError:
    entry = {"field": field, "message": message}
    if index is not None:
        entry = {"index": index, **entry}
    return validation_error([entry])


def _path(parts: list) -> tuple[str, int | None]:
    """``["records", 3, "name"]`` → field ``name`` at index 3, as the API names bulk rows."""
    index = None
    if len(parts) >= 2 and parts[0] == "records" and isinstance(parts[1], int):
        index, parts = parts[1], parts[2:]
    return ".".join(str(p) for p in parts) or "(body)", index


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _depth(text: str) -> int:
    """How deep the JSON text nests, counted on its brackets outside strings."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(1 if b in "[{" else -1 for b in brackets), default=0)


def check_json(document, text: str | None = None, suspect: bool = True) -> None:
    """Raise a 400 at the first problem of a parsed JSON document, walking it without
    recursion. Given its ``text`` and ``suspect=False`` (the parser met no long integer,
    NaN or Infinity), a body without ``\\u`` escapes that nests shallowly needs no walk."""
    if text is not None and not suspect and "\\u" not in text and _depth(text) <= MAX_DEPTH:
        return
    stack = [(document, [], 1)]
    while stack:
        value, parts, depth = stack.pop()
        if depth > MAX_DEPTH:
            field, index = _path(parts)
            raise _refuse(field, f"nests deeper than {MAX_DEPTH} levels", index)
        if isinstance(value, dict):
            for key, item in value.items():
                problem = text_problem(key)
                if problem:
                    field, index = _path(parts)
                    raise _refuse(field, f"a key {problem}", index)
                stack.append((item, [*parts, key], depth + 1))
        elif isinstance(value, list):
            stack.extend((item, [*parts, i], depth + 1) for i, item in enumerate(value))
        elif isinstance(value, str):
            problem = text_problem(value)
        elif isinstance(value, bool) or value is None:
            problem = None
        elif isinstance(value, int):
            problem = int_problem(value)
        elif isinstance(value, float):
            problem = None if math.isfinite(value) else "must be a finite number"
        else:
            problem = None
        if not isinstance(value, dict | list) and problem:
            field, index = _path(parts)
            raise _refuse(field, problem, index)


def _wants_json(view) -> bool:
    """Whether the view validates a JSON body (spectree's ``json=`` model)."""
    from app.extensions import api_spec

    metadata = api_spec._function_metadata
    while view is not None:
        if view in metadata:
            return getattr(metadata[view], "json", None) is not None
        view = getattr(view, "__wrapped__", None)
    return False


def check_request() -> None:
    """``before_request``: refuse input no view or database should see."""
    if len(request.path) > MAX_PATH:
        raise ApiError(414, "uri_too_long", f"The path is longer than {MAX_PATH} characters.")
    for name, value in (request.view_args or {}).items():
        problem = (
            int_problem(value)
            if isinstance(value, int) and not isinstance(value, bool)
            else text_problem(value)
            if isinstance(value, str)
            else None
        )
        if problem:
            raise _refuse(name, problem)
    sources = [request.args, request.form] if _has_form() else [request.args]
    for source in sources:
        for name, value in source.items(multi=True):
            if not name:
                # Werkzeug gives a multipart part with an empty name no name at all.
                raise _refuse("(name)", "every form field needs a name")
            problem = text_problem(name) or text_problem(value)
            if problem:
                raise _refuse("(name)" if text_problem(name) else name, problem)
    if request.method in ("GET", "HEAD", "OPTIONS", "DELETE"):
        return
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    is_json = request.mimetype in JSON_MIMETYPES or request.mimetype.endswith("+json")
    if not is_json:
        if view is not None and _wants_json(view) and (request.content_length or 0) > 0:
            raise ApiError(
                415,
                "unsupported_media_type",
                "Send the body as JSON, with Content-Type: application/json.",
                [{"field": "(body)", "message": f"{request.mimetype or 'no type'} is not JSON"}],
            )
        return
    raw = request.get_data(cache=True)
    if not raw:
        return
    text = raw.decode("utf-8", "replace")
    document, suspect = parse_json(raw)
    check_json(document, text, suspect)


def parse_json(raw: bytes) -> tuple:
    """Parse a JSON body, or raise a 400 saying why it cannot be read (the codes of
    :mod:`app.ingestion.body`: ``invalid_encoding``, ``invalid_json``). Returns the document
    and whether it holds an integer of 19 digits or more, NaN or Infinity."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        message = f"the body is not valid UTF-8 (byte {exc.start})"
        raise ApiError(
            400, "invalid_encoding", message, [{"field": "(body)", "message": message}]
        ) from None
    suspect = False

    def parse_int(literal: str) -> int:
        nonlocal suspect
        suspect = suspect or len(literal) > 18
        return int(literal)

    def parse_float(literal: str) -> float:
        nonlocal suspect
        number = float(literal)
        suspect = suspect or not math.isfinite(number)  # 1e400 is infinite
        return number

    def parse_constant(name: str) -> float:
        nonlocal suspect
        suspect = True
        return float(name)

    try:
        document = json.loads(
            text, parse_int=parse_int, parse_float=parse_float, parse_constant=parse_constant
        )
    except json.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno} column {exc.colno}: {exc.msg}"
        raise ApiError(
            400, "invalid_json", message, [{"field": "(body)", "message": message}]
        ) from None
    except RecursionError:
        raise _refuse("(body)", f"nests deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:  # a number of more digits than Python converts
        message = f"invalid JSON: {exc}"
        raise ApiError(
            400, "invalid_json", message, [{"field": "(body)", "message": message}]
        ) from None
    # Flask parses the body once more on request.get_json(); hand it this parse instead.
    request._cached_json = (document, document)
    return document, suspect


def _has_form() -> bool:
    return request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data")


def init_app(app: Flask) -> None:
    app.before_request(check_request)
