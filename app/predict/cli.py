"""``flask --app wsgi predict refresh``: fit and store the predictions, with a progress bar."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from app.audiences.cli import end_of_day
from app.engine.clock import current_clock
from app.extensions import db
from app.models import MemberPrediction
from app.predict.refresh import STEPS, refresh_predictions

predict_cli = AppGroup("predict", help="Predicted member scores and replenishment.")


@predict_cli.command("refresh")
@click.option(
    "--as-of",
    "as_of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Predict at the end of this UTC day (YYYY-MM-DD): orders paid after it are ignored.",
)
@click.option(
    "--holdout-days",
    type=click.IntRange(7, 3660),
    default=None,
    help="Days held out for the calibration (default: PREDICT_HOLDOUT_DAYS, 90).",
)
def predict_refresh(as_of: datetime | None, holdout_days: int | None) -> None:
    """Fit BG/NBD and Gamma-Gamma, score every member, estimate run-out dates, store them."""
    now = current_clock().now()
    moment = end_of_day(as_of.date()) if as_of else None
    if moment is not None and moment.date() > now.date():
        raise click.BadParameter(
            f"{as_of.date().isoformat()} is in the future; give today or an earlier date.",
            param_hint="'--as-of'",
        )
    try:
        with click.progressbar(length=STEPS, label="Refreshing predictions") as bar:
            result = refresh_predictions(
                db.session,
                now,
                as_of=min(moment, now) if moment else None,
                holdout=holdout_days,
                progress=bar.update,
            )
    except ValueError as error:
        raise click.ClickException(f"{error}; the previous predictions are kept.") from error
    bg = result["parameters"]["bgnbd"]
    click.echo(
        f"Scored {result['members']} members and {result['replenishments']} replenishments "
        f"as of {result['as_of'].isoformat()} in {result['seconds']:.1f}s."
    )
    click.echo(
        "BG/NBD: "
        + ", ".join(f"{k}={v:.4g}" for k, v in bg.items())
        + "; Gamma-Gamma: "
        + (
            ", ".join(f"{k}={v:.4g}" for k, v in result["parameters"]["gamma_gamma"].items())
            if result["parameters"]["gamma_gamma"]
            else "not fitted"
        )
    )
    counts = dict(
        db.session.execute(
            select(MemberPrediction.churn_risk, func.count()).group_by(MemberPrediction.churn_risk)
        ).all()
    )
    for level in ("low", "medium", "high"):
        click.echo(f"  churn risk {level}: {counts.get(level, 0)}")
