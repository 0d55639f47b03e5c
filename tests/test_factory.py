from pathlib import Path

from app import create_app


def test_config_override_wins(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True, "BULK_LIMIT": 7})
    assert app.testing
    assert app.config["BULK_LIMIT"] == 7


def test_secret_key_is_generated_and_kept_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    from app import config

    first = config.load(str(tmp_path))
    second = config.load(str(tmp_path))
    assert len(first["SECRET_KEY"]) >= 32
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (Path(tmp_path) / "secret_key").read_text().strip() == first["SECRET_KEY"]


def test_default_database_is_sqlite_under_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    from app import config

    assert (
        config.load(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/loyalty.db"
    )


def test_postgres_urls_use_psycopg3():
    from app.config import normalise_database_url

    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"


def test_health_is_public(client):
    response = client.get("/api/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_unmigrated_database_is_refused_with_instructions(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/empty.db", "TESTING": True})
    response = app.test_client().get("/api/health")
    assert response.status_code == 503
    assert "flask --app wsgi db upgrade" in response.get_json()["message"]


def test_connections_are_tuned_for_whole_base_scans(app):
    from sqlalchemy import text

    from app.extensions import db

    if db.engine.dialect.name == "postgresql":
        assert db.session.scalar(text("SHOW jit")) == "off"
    else:
        assert db.session.scalar(text("PRAGMA mmap_size")) > 0
