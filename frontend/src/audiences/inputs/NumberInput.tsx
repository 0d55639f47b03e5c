import { InputNumber } from "antd";
import { keyLabel } from "../labels";
import type { InputProps } from "./types";

/** A number; cleared, it is left out (and the server names what is missing). */
export function NumberInput({ control, value, onChange, invalid, disabled }: InputProps) {
  return (
    <InputNumber
      aria-label={keyLabel(control.label)}
      placeholder={keyLabel(control.label)}
      value={typeof value === "number" ? value : null}
      onChange={(v) => onChange(v ?? undefined)}
      min={control.min}
      max={control.max}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      style={{ width: 130 }}
    />
  );
}
