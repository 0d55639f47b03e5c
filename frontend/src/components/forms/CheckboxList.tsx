import { Checkbox, Space } from "antd";
import type { ReactNode } from "react";

export interface CheckboxOption<T extends string> {
  value: T;
  label: ReactNode;
}

interface Props<T extends string> {
  options: CheckboxOption<T>[];
  /** Given by Form.Item. */
  value?: T[];
  onChange?: (value: T[]) => void;
}

/**
 * A row of checkboxes whose value is the ticked options, in the options' order.
 *
 * Each box is controlled from the value alone, so a tick counts from the first paint: antd's
 * Checkbox.Group drops a tick made before its boxes have registered with it.
 */
export function CheckboxList<T extends string>({ options, value = [], onChange }: Props<T>) {
  const toggle = (option: T, checked: boolean) => {
    const ticked = new Set(value);
    if (checked) ticked.add(option);
    else ticked.delete(option);
    onChange?.(options.map((o) => o.value).filter((v) => ticked.has(v)));
  };
  return (
    <Space size={[8, 4]} wrap>
      {options.map((o) => (
        <Checkbox key={o.value} checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)}>
          {o.label}
        </Checkbox>
      ))}
    </Space>
  );
}
