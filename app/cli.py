"""Command-line groups added to ``flask --app wsgi``."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.alerts.cli import alerts_cli
    from app.audiences.cli import audiences_cli, rfm_cli, tags_cli
    from app.auth.cli import users_cli
    from app.code_pools.cli import coupons_cli
    from app.dashboard.cli import dashboard_cli
    from app.demo.cli import demo_cli
    from app.forecast import cli as _forecast_cli  # noqa: F401  (adds `journeys forecast`)
    from app.ingestion.imports.cli import import_cli
    from app.journeys.cli import journeys_cli
    from app.messaging.cli import channels_cli
    from app.predict.cli import predict_cli
    from app.recommend.cli import recommendations_cli
    from app.referrals.cli import referrals_cli
    from app.reports.cli import reports_cli
    from app.send_time.cli import send_times_cli
    from app.serving import serve, worker

    app.cli.add_command(serve)
    app.cli.add_command(worker)
    for group in (users_cli, demo_cli, import_cli, journeys_cli, rfm_cli, tags_cli, reports_cli):
        app.cli.add_command(group)
    app.cli.add_command(channels_cli)
    app.cli.add_command(audiences_cli)
    app.cli.add_command(predict_cli)
    app.cli.add_command(send_times_cli)
    app.cli.add_command(recommendations_cli)
    app.cli.add_command(dashboard_cli)
    app.cli.add_command(alerts_cli)
    app.cli.add_command(coupons_cli)
    app.cli.add_command(referrals_cli)
