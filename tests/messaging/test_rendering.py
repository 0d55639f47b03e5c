import pytest

from app.messaging.rendering import check_template, render, sample_context


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ member['__class__'] }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ self._TemplateReference__context }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}",
        "{{ lipsum.__globals__['os'].popen('id').read() }}",
        "{{ (member|attr('__class__')) }}",
        "{{ config }}",
        "{{ request.application }}",
    ],
)
def test_injection_attempts_are_refused_at_save(source):
    problems = check_template("sms", "", source)
    assert problems and problems[0]["field"] == "body"


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("Hi {{ member.nmae }}", "nmae"),
        ("Hi {{ member.name", "syntax error"),
        ("{{ coupon.code | nofilter }}", "nofilter"),
        ("Hi {{ customer }}", "unknown name 'customer'"),
    ],
)
def test_render_errors_are_reported_at_save(body, needle):
    problems = check_template("email", "Subject", body)
    assert problems and needle in problems[0]["message"]


def test_good_template_passes_and_renders_personalised():
    body = "Hi {{ member.name }}, use {{ coupon.code }} ({{ coupon.value }}); {{ points.balance }} pts. {{ vars.store }}"
    assert check_template("sms", "", body) == []
    ctx = sample_context() | {"vars": {"store": "Jing'an"}}
    out = render("sms", "", body, ctx)
    assert out.body == "Hi Li Na, use ABCD2345EFGH (spend 200, 50 off); 1200 pts. Jing'an"


def test_member_data_is_never_executed_and_html_is_escaped():
    ctx = sample_context()
    ctx["member"] = {**ctx["member"], "name": "{{ ''.__class__ }}<script>"}
    assert render("sms", "", "{{ member.name }}", ctx).body == "{{ ''.__class__ }}<script>"
    assert "&lt;script&gt;" in render("email", "", "{{ member.name }}", ctx).body
