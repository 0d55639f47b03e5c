"""Posting messages to an HTTP provider: endpoint, auth header and a payload mapping.

The mapping is a JSON object whose string values may hold placeholders (``$to``, ``$text``,
``$title``, ``$key``, ``$member_id``, ``$callback_url``), replaced per message. Each request
carries ``Idempotency-Key``. 2xx is sent; 408, 425, 429, 5xx and network errors are
temporary; other 4xx are permanent.

Requests go out from a pool of threads kept for the life of the worker, each with its own
keep-alive ``requests.Session``, so connections to a provider are opened once and reused;
each thread takes the next message as soon as its request is answered.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor

import requests

from app.messaging.providers.base import Answers, Feed, Outcome

TEMPORARY_CODES = {408, 425, 429}
#: The most of a provider's answer that is read (a provider id, an error); more is dropped.
MAX_RESPONSE_BYTES = 64 * 1024
_local = threading.local()
_executors: dict[int, ThreadPoolExecutor] = {}
_executors_lock = threading.Lock()


def _executor(workers: int) -> ThreadPoolExecutor:
    with _executors_lock:
        pool = _executors.get(workers)
        if pool is None:
            pool = _executors[workers] = ThreadPoolExecutor(workers, thread_name_prefix="http")
        return pool


HTTP_SETTINGS_SCHEMA = {
    "type": "object",
    "required": ["endpoint"],
    "additionalProperties": False,
    "properties": {
        "endpoint": {"type": "string", "pattern": "^https?://", "title": "Endpoint URL"},
        "auth_header_name": {"type": "string", "default": "Authorization"},
        "auth_header_value": {"type": "string", "writeOnly": True},
        "payload": {"type": "object", "title": "Payload mapping"},
        "provider_id_field": {"type": "string", "default": "id"},
        "timeout": {"type": "number", "minimum": 1, "maximum": 120, "default": 10},
        "concurrency": {"type": "integer", "minimum": 1, "maximum": 64, "default": 8},
    },
}


def fill(template, fields: dict):
    """Replace ``$name`` placeholders in every string of ``template`` (recursively)."""
    if isinstance(template, str):
        if template in fields:
            return fields[template]
        for name, value in fields.items():
            template = template.replace(name, str(value if value is not None else ""))
        return template
    if isinstance(template, dict):
        return {k: fill(v, fields) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, fields) for v in template]
    return template


def _session() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def post_json(
    url: str, payload, headers: dict, timeout: float, id_field: str = "id", method: str = "POST"
) -> Outcome:
    """Send one JSON payload (or its exact bytes) and classify the answer as an
    :class:`Outcome`. Redirects are not followed; at most :data:`MAX_RESPONSE_BYTES` of the
    answer are read."""
    try:
        if isinstance(payload, bytes):
            headers = {**headers, "Content-Type": "application/json"}
            body = {"data": payload}
        else:
            body = {"json": payload}
        with _session().request(
            method,
            url,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
            stream=True,
            **body,
        ) as response:
            answer = response.raw.read(MAX_RESPONSE_BYTES + 1, decode_content=True)
            if len(answer) > MAX_RESPONSE_BYTES:
                answer = b""  # too long to be a status answer; not kept
    except (requests.RequestException, OSError) as exc:
        return Outcome("temporary", reason=f"http: {exc.__class__.__name__}: {exc}")
    code = response.status_code
    try:
        found = json.loads(answer) if answer else None
    except ValueError:
        found = None
    kept = {"status": code, "json": found}
    if 200 <= code < 300:
        provider_id = None
        if isinstance(found, dict) and found.get(id_field) is not None:
            provider_id = str(found[id_field])
        return Outcome("sent", provider_id, response=kept)
    kind = "temporary" if code >= 500 or code in TEMPORARY_CODES else "permanent"
    text = answer[:200].decode("utf-8", "replace")
    return Outcome(kind, reason=f"http {code}: {text}", response=kept)


def stream_jobs(
    feed: Feed, config: dict, make_job: Callable = lambda job: job
) -> Iterator[list[tuple[int, Outcome]]]:
    """Send what ``feed`` releases, ``make_job(item)`` giving each one's ``(url, payload,
    headers[, method[, timeout]])``, over ``concurrency`` keep-alive sessions, each taking
    the next as soon as it is free; yields ``(index, outcome)`` groups as the answers come.
    """
    timeout = float(config.get("timeout", 10))
    id_field = config.get("provider_id_field", "id")
    concurrency = int(config.get("concurrency", 8))
    answers = Answers(0, window=2 * concurrency, feed=feed)

    def lane():
        while answers.admit():
            item = feed.take()
            if item is None:
                answers.unadmit()
                return
            i, job = item
            try:
                url, payload, headers, *rest = make_job(job)
                method = rest[0] if rest else "POST"
                seconds = rest[1] if len(rest) > 1 and rest[1] else timeout
                outcome = post_json(url, payload, headers, float(seconds), id_field, method)
            except Exception as exc:  # noqa: BLE001 - every job gets an answer
                outcome = Outcome("temporary", reason=f"http: {exc.__class__.__name__}: {exc}")
            answers.put(i, outcome)

    pool = _executor(concurrency)
    futures = [pool.submit(lane) for _ in range(concurrency)]
    yield from answers.groups(futures)


def stream_all(jobs: list[tuple], config: dict) -> Iterator[list[tuple[int, Outcome]]]:
    """Send ``(url, payload, headers[, method[, timeout]])`` jobs, ``concurrency`` at a
    time, yielding ``(index, outcome)`` groups as the answers come."""
    return stream_jobs(Feed(jobs, len(jobs)), config)


def post_all(jobs: list[tuple], config: dict) -> list[Outcome]:
    """Send ``(url, payload, headers[, method[, timeout]])`` jobs concurrently; outcomes
    keep the jobs' order."""
    outcomes: list[Outcome | None] = [None] * len(jobs)
    for group in stream_all(jobs, config):
        for i, outcome in group:
            outcomes[i] = outcome
    return outcomes  # type: ignore[return-value]


def auth_headers(config: dict, key: str) -> dict:
    headers = {"Idempotency-Key": key}
    if config.get("auth_header_value"):
        headers[config.get("auth_header_name") or "Authorization"] = config["auth_header_value"]
    return headers


def stream_mapped(
    channel: str,
    feed: Feed,
    config: dict,
    ctx,
    default_payload: dict,
    member_id: Callable,
) -> Iterator[list[tuple[int, Outcome]]]:
    """POST each message ``feed`` releases to the configured endpoint, its body built from
    the payload mapping, yielding outcomes as they come (see :func:`stream_jobs`).

    ``member_id(message)`` is what the ``$member_id`` placeholder becomes for this channel.
    """
    mapping = config.get("payload") or default_payload
    callback = ctx.callback_url or ""

    def job(m):
        fields = {
            "$to": m.to,
            "$text": m.body,
            "$title": m.subject,
            "$key": m.idempotency_key,
            "$member_id": member_id(m),
            "$callback_url": callback,
        }
        return config["endpoint"], fill(mapping, fields), auth_headers(config, m.idempotency_key)

    return stream_jobs(feed, config, job)
