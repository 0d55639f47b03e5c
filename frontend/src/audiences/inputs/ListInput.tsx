import { Select } from "antd";
import { keyLabel } from "../labels";
import type { InputProps } from "./types";

const NUMERIC = new Set(["number", "count", "days"]);

/** Values typed one by one (Enter after each); numbers stay numbers for number fields. */
export function ListInput({ control, value, onChange, invalid, disabled }: InputProps) {
  const numeric = NUMERIC.has(control.valueType ?? "");
  const shown = Array.isArray(value) ? value.map(String) : [];
  const parse = (items: string[]) =>
    items.map((item) => (numeric && item.trim() !== "" && Number.isFinite(Number(item)) ? Number(item) : item));
  return (
    <Select
      mode="tags"
      aria-label={`${keyLabel(control.label)} list`}
      placeholder="Type a value, press Enter"
      value={shown}
      onChange={(items: string[]) => onChange(parse(items))}
      status={invalid ? "error" : undefined}
      disabled={disabled}
      open={false}
      suffixIcon={null}
      style={{ minWidth: 220 }}
    />
  );
}
