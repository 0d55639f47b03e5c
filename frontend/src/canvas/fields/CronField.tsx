import { Input, Typography } from "antd";
import { describeCron } from "../cron";
import type { FieldProps } from "./types";

/** A five-field cron schedule with what it means in words underneath. */
export function CronField({ name, value, onChange, disabled }: FieldProps) {
  const text = typeof value === "string" ? value : "";
  const sentence = text ? describeCron(text) : null;
  return (
    <>
      <Input
        aria-label={name}
        className="mono"
        placeholder="0 9 * * 1"
        value={text}
        disabled={disabled}
        status={text && !sentence ? "error" : undefined}
        onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
      />
      <Typography.Text type={text && !sentence ? "danger" : "secondary"} className="field-hint" data-testid="cron-sentence">
        {text ? (sentence ?? "Not a five-field cron (minute hour day month weekday).") : "minute hour day-of-month month weekday"}
      </Typography.Text>
    </>
  );
}
