import { InputNumber } from "antd";
import { keyLabel } from "../labels";
import type { InputProps } from "./types";

/** A whole number of days; an optional window left empty means all time. */
export function DaysInput({ control, value, onChange, invalid, disabled }: InputProps) {
  return (
    <InputNumber
      aria-label={keyLabel(control.label)}
      placeholder={control.optional ? "all time" : keyLabel(control.label)}
      value={typeof value === "number" ? value : null}
      onChange={(v) => onChange(v ?? undefined)}
      precision={0}
      addonBefore={control.key === "window_days" ? "last" : undefined}
      addonAfter="days"
      status={invalid ? "error" : undefined}
      disabled={disabled}
      style={{ width: control.key === "window_days" ? 190 : 140 }}
    />
  );
}
