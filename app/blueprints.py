"""Every blueprint of the app, registered in one place."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from app.alerts.views import bp as alerts_bp
    from app.audiences.views import bp as audiences_bp
    from app.auth.views import bp as auth_bp
    from app.code_pools.views import bp as code_pools_bp
    from app.control_group.views import bp as control_group_bp
    from app.coupons.views import bp as coupons_bp
    from app.dashboard.views import bp as dashboard_bp
    from app.engine.views import bp as runs_bp
    from app.forecast.views import bp as forecast_bp
    from app.ingestion.imports.views import bp as imports_bp
    from app.ingestion.views import bp as ingestion_bp
    from app.journeys.draft_views import bp as journey_drafts_bp
    from app.journeys.views import bp as journeys_bp
    from app.members.views import bp as members_bp
    from app.messaging.views import blueprints as messaging_bps
    from app.points.views import bp as points_bp
    from app.predict.views import bp as insights_bp
    from app.recommend.views import bp as recommend_bp
    from app.referrals.views import bp as referrals_bp
    from app.reports.views import bp as reports_bp
    from app.rewards.member_views import bp as member_rewards_bp
    from app.rewards.views import bp as rewards_bp
    from app.send_time.views import bp as send_time_bp
    from app.web import bp as web_bp

    for bp in (auth_bp, ingestion_bp, imports_bp, members_bp, journeys_bp, runs_bp, audiences_bp):
        app.register_blueprint(bp)
    for bp in (
        coupons_bp,
        code_pools_bp,
        points_bp,
        *messaging_bps,
        journey_drafts_bp,
        reports_bp,
        control_group_bp,
        insights_bp,
        rewards_bp,
        member_rewards_bp,
        send_time_bp,
        recommend_bp,
        dashboard_bp,
        alerts_bp,
        forecast_bp,
        referrals_bp,
    ):
        app.register_blueprint(bp)
    # The app shell catches every other path, so it comes last.
    app.register_blueprint(web_bp)
