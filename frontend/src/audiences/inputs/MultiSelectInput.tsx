import { Select } from "antd";
import { keyLabel, optionLabel } from "../labels";
import type { InputProps } from "./types";

/** Several of the control's options. */
export function MultiSelectInput({ control, value, onChange, invalid, disabled }: InputProps) {
  return (
    <Select
      mode="multiple"
      aria-label={keyLabel(control.label)}
      placeholder={keyLabel(control.label)}
      value={Array.isArray(value) ? (value as string[]) : []}
      onChange={(v: string[]) => onChange(v)}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      popupMatchSelectWidth={false}
      style={{ minWidth: 200 }}
      options={(control.options ?? []).map((o) => ({ value: o, label: optionLabel(control.key, o) }))}
    />
  );
}
