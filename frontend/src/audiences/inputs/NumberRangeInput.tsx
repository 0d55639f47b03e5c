import { InputNumber, Space } from "antd";
import type { InputProps } from "./types";

/** Two numbers, low and high, both included. */
export function NumberRangeInput({ value, onChange, invalid, disabled }: InputProps) {
  const [low, high] = Array.isArray(value) ? value : [undefined, undefined];
  const set = (index: 0 | 1, v: number | null) => {
    const next = [low ?? null, high ?? null];
    next[index] = v;
    onChange(next);
  };
  const status = invalid ? "error" : undefined;
  return (
    <Space.Compact>
      <InputNumber aria-label="From" placeholder="from" value={typeof low === "number" ? low : null} onChange={(v) => set(0, v)} status={status} disabled={disabled} style={{ width: 100 }} />
      <InputNumber aria-label="To" placeholder="to" value={typeof high === "number" ? high : null} onChange={(v) => set(1, v)} status={status} disabled={disabled} style={{ width: 100 }} />
    </Space.Compact>
  );
}
