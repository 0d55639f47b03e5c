import { Input, InputNumber, Segmented, Select, Space, Typography } from "antd";
import { useState } from "react";
import { describeCron } from "../cron";
import { cronToSchedule, type Schedule, scheduleToCron } from "../schedule";
import type { FieldProps } from "./types";

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

type Mode = Schedule["every"] | "cron";

const MODES: { value: Mode; label: string }[] = [
  { value: "day", label: "Daily" },
  { value: "week", label: "Weekly" },
  { value: "month", label: "Monthly" },
  { value: "cron", label: "Advanced (cron)" },
];

/** A schedule picked as every day, week or month at a time, or written as cron (advanced),
 *  with what it means in words underneath. */
export function CronField({ name, value, onChange, disabled }: FieldProps) {
  const text = typeof value === "string" ? value : "";
  const picked = text ? cronToSchedule(text) : null;
  const [mode, setMode] = useState<Mode>(() => (text && !picked ? "cron" : (picked?.every ?? "week")));
  const current: Schedule =
    picked && picked.every === mode
      ? picked
      : mode === "day"
        ? { every: "day", time: picked?.time ?? "09:00" }
        : mode === "month"
          ? { every: "month", time: picked?.time ?? "09:00", day: 1 }
          : { every: "week", time: picked?.time ?? "09:00", weekday: 1 };
  const pick = (next: Schedule) => onChange(scheduleToCron(next));
  const sentence = text ? describeCron(text) : null;
  return (
    <>
      <Segmented<Mode>
        size="small"
        aria-label={`${name} repeats`}
        options={MODES}
        value={mode}
        disabled={disabled}
        onChange={(next) => {
          setMode(next);
          if (next !== "cron") {
            const time = picked?.time ?? "09:00";
            pick(next === "day" ? { every: "day", time } : next === "month" ? { every: "month", time, day: 1 } : { every: "week", time, weekday: 1 });
          }
        }}
      />
      {mode === "cron" ? (
        <Input
          aria-label={name}
          className="mono"
          placeholder="0 9 * * 1"
          value={text}
          disabled={disabled}
          status={text && !sentence ? "error" : undefined}
          onChange={(e) => onChange(e.target.value === "" ? null : e.target.value)}
          style={{ marginTop: 6 }}
        />
      ) : (
        <Space wrap size={6} style={{ marginTop: 6 }}>
          {current.every === "week" ? (
            <Select
              aria-label={`${name} weekday`}
              style={{ width: 130 }}
              value={current.weekday}
              disabled={disabled}
              options={WEEKDAYS.map((label, i) => ({ value: i, label }))}
              onChange={(weekday) => pick({ ...current, weekday })}
            />
          ) : null}
          {current.every === "month" ? (
            <InputNumber
              aria-label={`${name} day of the month`}
              addonBefore="day"
              min={1}
              max={28}
              precision={0}
              value={current.day}
              disabled={disabled}
              onChange={(day) => day && pick({ ...current, day })}
            />
          ) : null}
          <Input
            type="time"
            aria-label={`${name} time`}
            style={{ width: 120 }}
            value={text ? current.time : ""}
            disabled={disabled}
            onChange={(e) => e.target.value && pick({ ...current, time: e.target.value })}
          />
        </Space>
      )}
      <Typography.Text type={text && !sentence ? "danger" : "secondary"} className="field-hint" data-testid="cron-sentence">
        {text ? (sentence ?? "Not a five-field cron (minute hour day month weekday).") : "Pick when it repeats."}
      </Typography.Text>
    </>
  );
}
