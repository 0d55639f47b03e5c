import { Segmented } from "antd";
import { optionLabel } from "../labels";
import type { InputProps } from "./types";

/** Which of two alternative ways a condition is written in (by segment or by score). */
export function ModeInput({ control, value, onChange, disabled }: InputProps) {
  return (
    <Segmented
      aria-label={control.label}
      value={typeof value === "string" ? value : control.options?.[0]}
      onChange={(v) => onChange(v)}
      disabled={disabled}
      options={(control.options ?? []).map((o) => ({ value: o, label: optionLabel(control.key, o) }))}
    />
  );
}
