import { Select } from "antd";
import { keyLabel } from "../labels";
import type { InputProps } from "./types";

/** Yes or no. */
export function BooleanInput({ control, value, onChange, invalid, disabled }: InputProps) {
  return (
    <Select
      aria-label={keyLabel(control.label)}
      value={typeof value === "boolean" ? String(value) : undefined}
      onChange={(v: string) => onChange(v === "true")}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      style={{ width: 100 }}
      options={[
        { value: "true", label: "Yes" },
        { value: "false", label: "No" },
      ]}
    />
  );
}
