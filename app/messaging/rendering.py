"""Message templates rendered by Jinja2 in an immutable sandbox.

Templates may only use the names in :data:`ROOT_NAMES`; attribute or item names starting
with ``_`` are refused before anything is rendered, and a save-time trial render against a
sample member catches unknown fields, so a broken template is reported when it is saved.

Every render has limits: :data:`MAX_LOOP_ITERATIONS` loop iterations in all (each ``for``
loop's iterable is wrapped in a counter when the template is compiled), about
:data:`MAX_RENDER_SECONDS` of time (checked as loops turn), string or list repetition
(``*``) and powers (``**``) that would build something huge, and :data:`MAX_OUTPUT`
characters of output. Going past one fails the render with a sentence that says which, at
save, at preview and for a message.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from jinja2 import StrictUndefined, TemplateError, meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import escape

#: ``member`` fields, ``coupon`` (code, value …), ``points``, ``link(url)``,
#: ``unsubscribe_url``, ``recommendations(n)`` (the member's top products, see
#: :class:`Products`) and ``vars`` (anything else the journey step passed).
ROOT_NAMES = frozenset(
    {"member", "coupon", "points", "link", "unsubscribe_url", "recommendations", "vars"}
)
#: The most products ``recommendations(n)`` gives.
MAX_RECOMMENDED = 5
MEMBER_FIELDS = (
    "id",
    "external_id",
    "name",
    "email",
    "phone",
    "gender",
    "city",
    "birthday",
    "tier",
    "points_balance",
    "timezone",
    "registered_at",
    "attributes",
)
MAX_OUTPUT = 100_000
MAX_LOOP_ITERATIONS = 10_000
#: Checked as loops run: only a loop can make a render long (repetition and powers are
#: capped), so a slow machine never fails a template without loops.
MAX_RENDER_SECONDS = 2.0
MAX_POWER = 100
_COUNTED = "__counted_loop"


class RenderLimit(ValueError):
    """A render went past one of the limits."""


class _Budget:
    """What one render may still spend: loop iterations and time."""

    def __init__(self):
        self.left = MAX_LOOP_ITERATIONS
        self.deadline = time.monotonic() + MAX_RENDER_SECONDS

    def tick(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise RenderLimit(f"the template loops more than {MAX_LOOP_ITERATIONS:,} times")
        if self.left % 128 == 0:
            self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimit(f"the template takes longer than {MAX_RENDER_SECONDS} s to render")


_budget: ContextVar[_Budget | None] = ContextVar("render_budget", default=None)


def _counted(iterable: Iterable) -> Iterator:
    budget = _budget.get() or _Budget()
    for item in iterable:
        budget.tick()
        yield item


class _Env(ImmutableSandboxedEnvironment):
    intercepted_binops = frozenset({"*", "**"})

    def __init__(self, **options):
        super().__init__(**options)
        self.globals[_COUNTED] = _counted

    def is_safe_attribute(self, obj, attr, value):
        return not attr.startswith("_") and super().is_safe_attribute(obj, attr, value)

    def _generate(self, source, name, filename, defer_init=False):
        # Every loop iterates through the counter (Jinja's documented hook for this).
        for loop in source.find_all(nodes.For):
            counter = nodes.Name(_COUNTED, "load", lineno=loop.lineno)
            loop.iter = nodes.Call(counter, [loop.iter], [], None, None, lineno=loop.lineno)
            loop.iter.set_environment(self)
        return super()._generate(source, name, filename, defer_init)

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (
                    isinstance(seq, str | list | tuple)
                    and isinstance(times, int)
                    and len(seq) * times > MAX_OUTPUT
                ):
                    raise RenderLimit(
                        f"a repetition would be longer than {MAX_OUTPUT:,} characters"
                    )
        if operator == "**" and isinstance(right, int | float) and abs(right) > MAX_POWER:
            raise RenderLimit(f"powers above {MAX_POWER} are not allowed")
        return super().call_binop(context, operator, left, right)


def _with_budget(render: Callable[[], str]) -> str:
    """Run one render under a fresh budget."""
    token = _budget.set(_Budget())
    try:
        return render()
    finally:
        _budget.reset(token)


TEXT_ENV = _Env(undefined=StrictUndefined, autoescape=False)
HTML_ENV = _Env(undefined=StrictUndefined, autoescape=True)


class Products(list):
    """What ``recommendations(n)`` gives: products (``name``, ``sku``, ``price``,
    ``score``, ``reason``) to loop over, which print as a product block — a row of product
    cards in an email, one line per product elsewhere."""

    def __html__(self) -> str:
        cells = "".join(
            '<td style="padding:8px;border:1px solid #e5e7eb;text-align:center">'
            f'<div style="font-weight:600">{escape(p.get("name", ""))}</div>'
            f'<div style="color:#b45309">¥{escape(p.get("price") or "")}</div></td>'
            for p in self
        )
        return (
            f'<table class="products" role="presentation"><tr>{cells}</tr></table>' if self else ""
        )

    def __str__(self) -> str:
        return "\n".join(f"· {p.get('name', '')} ¥{p.get('price') or ''}" for p in self)


def recommended(products: list[dict]) -> Callable[[int], Products]:
    """The ``recommendations(n)`` function of a context holding ``products`` (best first)."""

    def recommendations(n: int = 3) -> Products:
        return Products(products[: max(0, min(int(n), MAX_RECOMMENDED))])

    return recommendations


SAMPLE_PRODUCTS = [
    {"name": "耶加雪菲咖啡豆 250g", "sku": "CB-YIRG-250", "price": "98.00", "score": 0.62},
    {"name": "全脂纯牛奶 250ml×12", "sku": "DY-MILK-12", "price": "59.90", "score": 0.41},
    {"name": "每日坚果 30袋", "sku": "SN-NUTS", "price": "129.00", "score": 0.33},
]


class AnyVars(dict):
    """At save time, ``vars.anything`` renders as a placeholder."""

    def __missing__(self, key):
        return f"[{key}]"


def env_for(channel: str) -> ImmutableSandboxedEnvironment:
    return HTML_ENV if channel == "email" else TEXT_ENV


def _unsafe_names(tree: nodes.Template) -> list[str]:
    problems = []
    stored = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    for node in tree.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        if isinstance(node, nodes.Getattr) and node.attr.startswith("_"):
            problems.append(f"line {node.lineno}: access to {node.attr!r} is not allowed")
        elif (
            isinstance(node, nodes.Getitem)
            and isinstance(node.arg, nodes.Const)
            and isinstance(node.arg.value, str)
            and node.arg.value.startswith("_")
        ):
            problems.append(f"line {node.lineno}: access to {node.arg.value!r} is not allowed")
        elif (
            isinstance(node, nodes.Name)
            and node.ctx == "load"
            and node.name not in ROOT_NAMES
            and node.name not in stored
            and node.name != "loop"
        ):
            problems.append(
                f"line {node.lineno}: unknown name {node.name!r}; use one of "
                + ", ".join(sorted(ROOT_NAMES))
            )
    return problems


def sample_context() -> dict:
    """A plausible member, coupon and points, for save-time checks and previews."""
    return {
        "member": {
            "id": 0,
            "external_id": "M0001",
            "name": "Li Na",
            "email": "li.na@example.com",
            "phone": "13800000000",
            "gender": "female",
            "city": "Shanghai",
            "birthday": "1990-05-01",
            "tier": "gold",
            "points_balance": 1200,
            "timezone": "Asia/Shanghai",
            "registered_at": "2024-01-01T00:00:00+00:00",
            "attributes": AnyVars(),
        },
        "coupon": {
            "code": "ABCD2345EFGH",
            "value": "spend 200, 50 off",
            "valid_until": "2026-12-31",
        },
        "points": AnyVars(balance=1200, awarded=100),
        "link": lambda url: url,
        "unsubscribe_url": "https://example.com/u/sample",
        "recommendations": recommended(SAMPLE_PRODUCTS),
        "vars": AnyVars(),
    }


def check_template(channel: str, subject: str, body: str) -> list[dict]:
    """Every problem of a template as ``{"field", "message"}``; empty when it is usable."""
    problems = []
    env = env_for(channel)
    for field, source in (("subject", subject or ""), ("body", body or "")):
        try:
            tree = env.parse(source)
        except TemplateError as exc:
            problems.append({"field": field, "message": f"syntax error: {exc}"})
            continue
        unsafe = _unsafe_names(tree)
        if unsafe:
            problems += [{"field": field, "message": m} for m in unsafe]
            continue
        try:
            compiled = env.from_string(source)
            out = _with_budget(lambda c=compiled: c.render(sample_context()))
            if len(out) > MAX_OUTPUT:
                raise RenderLimit(f"the rendered text is longer than {MAX_OUTPUT:,} characters")
        except TemplateError as exc:
            problems.append({"field": field, "message": f"cannot render: {exc}"})
        except Exception as exc:  # noqa: BLE001 - any render failure is the template's fault
            problems.append({"field": field, "message": f"cannot render: {exc}"})
    return problems


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


class RenderError(ValueError):
    """A template failed to render for one message."""


class CompiledTemplate:
    """A template compiled once and rendered for many members."""

    def __init__(self, channel: str, subject: str, body: str):
        env = env_for(channel)
        self.subject = env.from_string(subject or "")
        self.body = env.from_string(body or "")
        for template in (self.subject, self.body):
            # Jinja copies a template's globals into every render's context, twice; as the
            # ChainMap it keeps (template over environment) that costs more than a short
            # template's whole render. The environment's globals never change once built.
            template.globals = dict(template.globals)
        #: The root names the template reads (``unsubscribe_url`` is signed only if read).
        self.names = frozenset().union(
            *(meta.find_undeclared_variables(env.parse(s or "")) for s in (subject, body))
        )

    def render(self, context: dict, link: Callable[[str], str] | None = None) -> Rendered:
        """Render with ``context``; raises :class:`RenderError`, never anything else."""
        ctx = dict(context)
        ctx.setdefault("link", link or (lambda url: url))
        try:
            out = Rendered(
                _with_budget(lambda: self.subject.render(ctx)).strip(),
                _with_budget(lambda: self.body.render(ctx)),
            )
        except Exception as exc:  # noqa: BLE001 - reported per message, never to the batch
            raise RenderError(str(exc)) from exc
        if len(out.body) > MAX_OUTPUT:
            raise RenderError(f"the rendered body is longer than {MAX_OUTPUT} characters")
        return out


def render(
    channel: str, subject: str, body: str, context: dict, link: Callable[[str], str] | None = None
) -> Rendered:
    """Render ``subject`` and ``body`` once with ``context``; raises :class:`RenderError`."""
    try:
        compiled = CompiledTemplate(channel, subject, body)
    except Exception as exc:  # noqa: BLE001
        raise RenderError(str(exc)) from exc
    return compiled.render(context, link)


def member_context(member) -> dict:
    """The ``member`` variable for one member row."""
    data = {}
    for name in MEMBER_FIELDS:
        value = getattr(member, name, None)
        data[name] = value.isoformat() if hasattr(value, "isoformat") else value
    data["attributes"] = dict(member.attributes or {})
    return data
