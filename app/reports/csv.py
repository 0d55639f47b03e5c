"""A journey report as CSV: one row per figure, block by block, so a spreadsheet opens it."""

from __future__ import annotations

import csv
import io


def report_csv(report: dict) -> str:
    """``block, item, figure, value`` rows for every figure of the report."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["block", "item", "figure", "value"])
    for figure, value in report["member"].items():
        writer.writerow(["member", "", figure, value])
    coupons = dict(report["coupons"])
    by_type = coupons.pop("by_member_type")
    for figure, value in coupons.items():
        writer.writerow(["coupons", "all", figure, value])
    for kind, figures in by_type.items():
        for figure, value in figures.items():
            writer.writerow(["coupons", kind, figure, value])
    for channel, figures in report["channels"]["by_channel"].items():
        for figure, value in figures.items():
            writer.writerow(["channels", channel, figure, value])
    writer.writerow(["channels", "all", "sms_cost", report["channels"]["sms_cost"]])
    writer.writerow(["channels", "all", "return_on_spend", report["channels"]["return_on_spend"]])
    for node in report["nodes"]:
        for figure, value in node.items():
            if figure not in ("node_id", "label", "type"):
                writer.writerow(["nodes", node["label"], figure, value])
    for arm in report["arms"]:
        for figure, value in arm.items():
            if figure not in ("node_id", "label", "branch"):
                writer.writerow(["arms", f"{arm['label']} / {arm['branch']}", figure, value])
    for group in report["holdout"]:
        for side in ("treatment", "holdout"):
            for figure, value in group[side].items():
                writer.writerow(["holdout", f"{group['label']} / {side}", figure, value])
        for lift in ("conversion_lift", "paid_per_member_lift"):
            for figure, value in (group[lift] or {}).items():
                writer.writerow(["holdout", f"{group['label']} / {lift}", figure, value])
    for day in report["daily"]:
        for figure, value in day.items():
            if figure != "date":
                writer.writerow(["daily", day["date"], figure, value])
    return out.getvalue()
