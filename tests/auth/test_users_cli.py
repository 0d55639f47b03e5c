"""``flask users create``: run at every start of the demo, it keeps the admin's password."""

from app.auth.passwords import verify_password
from app.extensions import db
from app.models import User


def _create(runner, *args):
    result = runner.invoke(args=["users", "create", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_first_admin_gets_a_password_and_a_second_run_keeps_it(runner, app):
    first = _create(runner, "--email", "admin@example.com")
    password = first.strip().rsplit(" ", 1)[-1]
    second = _create(runner, "--email", "admin@example.com")
    assert "password kept" in second
    user = db.session.scalar(db.select(User))
    db.session.refresh(user)
    assert verify_password(user.password_hash, password)


def test_no_second_admin_is_made_while_one_exists(runner, app):
    _create(runner, "--email", "admin@example.com")
    assert "admin@example.com" in _create(runner, "--email", "other@example.com")
    assert db.session.scalar(db.select(db.func.count(User.id))) == 1


def test_reset_and_password_still_change_it(runner, app):
    _create(runner, "--email", "admin@example.com")
    _create(runner, "--email", "admin@example.com", "--password", "a fresh pass phrase")
    user = db.session.scalar(db.select(User))
    db.session.refresh(user)
    assert verify_password(user.password_hash, "a fresh pass phrase")
    reset = _create(runner, "--email", "admin@example.com", "--reset")
    db.session.refresh(user)
    assert verify_password(user.password_hash, reset.strip().rsplit(" ", 1)[-1])


def test_an_unknown_role_is_refused_by_name(runner, app):
    result = runner.invoke(args=["users", "create", "--email", "a@example.com", "--role", "x"])
    assert result.exit_code != 0
    assert "--role" in result.output
    assert db.session.scalar(db.select(db.func.count(User.id))) == 0
