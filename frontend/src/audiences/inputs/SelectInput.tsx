import { Select } from "antd";
import { keyLabel, optionLabel } from "../labels";
import type { InputProps } from "./types";

/** One of the control's options. */
export function SelectInput({ control, value, onChange, invalid, disabled }: InputProps) {
  return (
    <Select
      aria-label={keyLabel(control.label)}
      placeholder={keyLabel(control.label)}
      value={typeof value === "string" ? value : undefined}
      onChange={(v: string | undefined) => onChange(v)}
      allowClear={control.optional}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      popupMatchSelectWidth={false}
      style={{ minWidth: 130 }}
      options={(control.options ?? []).map((o) => ({ value: o, label: optionLabel(control.key, o) }))}
    />
  );
}
