import { TimePicker } from "antd";
import dayjs from "dayjs";
import type { FieldProps } from "./types";

/** A local time of day, stored as "HH:MM". */
export function TimeField({ name, value, onChange, disabled, nullable }: FieldProps) {
  const parsed = typeof value === "string" && value ? dayjs(`2000-01-01T${value}`) : null;
  return (
    <TimePicker
      aria-label={name}
      format="HH:mm"
      minuteStep={5}
      needConfirm={false}
      allowClear={nullable}
      value={parsed}
      disabled={disabled}
      onChange={(v) => onChange(v ? v.format("HH:mm") : null)}
      style={{ width: 140 }}
    />
  );
}
