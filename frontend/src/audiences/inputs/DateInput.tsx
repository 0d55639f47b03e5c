import { DatePicker } from "antd";
import dayjs from "dayjs";
import { keyLabel } from "../labels";
import type { InputProps } from "./types";

const FORMAT = "YYYY-MM-DD";

/** A calendar day, written YYYY-MM-DD as the rules expect. */
export function DateInput({ control, value, onChange, invalid, disabled }: InputProps) {
  const day = typeof value === "string" && value ? dayjs(value, FORMAT) : null;
  return (
    <DatePicker
      aria-label={keyLabel(control.label)}
      value={day?.isValid() ? day : null}
      format={FORMAT}
      onChange={(d) => onChange(d ? d.format(FORMAT) : "")}
      status={invalid ? "error" : undefined}
      disabled={disabled}
    />
  );
}
