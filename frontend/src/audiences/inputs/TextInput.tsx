import { Input } from "antd";
import { keyLabel } from "../labels";
import type { InputProps } from "./types";

/** Free text; an optional one left empty is left out of the condition. */
export function TextInput({ control, value, onChange, invalid, disabled }: InputProps) {
  return (
    <Input
      aria-label={keyLabel(control.label)}
      placeholder={keyLabel(control.label)}
      value={typeof value === "string" ? value : ""}
      onChange={(e) => onChange(control.optional && e.target.value === "" ? undefined : e.target.value)}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      style={{ width: 180 }}
    />
  );
}
