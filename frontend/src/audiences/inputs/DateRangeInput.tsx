import { DatePicker } from "antd";
import dayjs from "dayjs";
import type { InputProps } from "./types";

const FORMAT = "YYYY-MM-DD";

/** Two calendar days, both included. */
export function DateRangeInput({ value, onChange, invalid, disabled }: InputProps) {
  const days = (Array.isArray(value) ? value : []).map((v) => (typeof v === "string" && v ? dayjs(v, FORMAT) : null));
  return (
    <DatePicker.RangePicker
      aria-label="Dates"
      value={[days[0]?.isValid() ? days[0] : null, days[1]?.isValid() ? days[1] : null]}
      format={FORMAT}
      allowEmpty={[true, true]}
      onChange={(range) => onChange([range?.[0]?.format(FORMAT) ?? "", range?.[1]?.format(FORMAT) ?? ""])}
      status={invalid ? "error" : undefined}
      disabled={disabled}
    />
  );
}
