import { InputNumber, Space } from "antd";
import type { FieldProps } from "./types";

const UNITS = ["days", "hours", "minutes"] as const;

/** A span of time as days, hours and minutes. */
export function DurationField({ name, value, onChange, disabled }: FieldProps) {
  const current = (value && typeof value === "object" ? value : {}) as Record<string, number>;
  return (
    <Space.Compact block>
      {UNITS.map((unit) => (
        <InputNumber
          key={unit}
          aria-label={`${name} ${unit}`}
          min={0}
          precision={0}
          value={current[unit] ?? 0}
          addonAfter={unit}
          disabled={disabled}
          onChange={(v) => onChange({ ...current, [unit]: v ?? 0 })}
        />
      ))}
    </Space.Compact>
  );
}
