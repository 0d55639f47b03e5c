import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Input, InputNumber, Space, Typography } from "antd";
import type { FieldProps } from "./types";

interface Variant {
  key: string;
  weight: number;
  [extra: string]: unknown;
}

/** Variants with weights that must add up to 100. */
export function WeightsField({ name, value, onChange, disabled }: FieldProps) {
  const variants = (Array.isArray(value) ? value : []) as Variant[];
  const total = variants.reduce((sum, v) => sum + (Number(v.weight) || 0), 0);
  const set = (index: number, patch: Partial<Variant>) =>
    onChange(variants.map((v, i) => (i === index ? { ...v, ...patch } : v)));
  const nextKey = () => {
    const used = new Set(variants.map((v) => v.key));
    for (const c of "abcdefghijklmnopqrstuvwxyz") if (!used.has(c)) return c;
    return `v${variants.length + 1}`;
  };
  return (
    <Space direction="vertical" style={{ width: "100%" }} size={6}>
      {variants.map((v, i) => (
        <Space.Compact key={i} block>
          <Input aria-label={`${name} ${i + 1} key`} value={v.key} disabled={disabled} onChange={(e) => set(i, { key: e.target.value })} style={{ width: "45%" }} />
          <InputNumber
            aria-label={`${name} ${i + 1} weight`}
            min={0}
            max={100}
            precision={0}
            value={v.weight}
            addonAfter="%"
            disabled={disabled}
            onChange={(w) => set(i, { weight: w ?? 0 })}
          />
          <Button icon={<DeleteOutlined />} aria-label="Remove variant" disabled={disabled || variants.length <= 1} onClick={() => onChange(variants.filter((_, j) => j !== i))} />
        </Space.Compact>
      ))}
      <Space>
        <Button size="small" icon={<PlusOutlined />} disabled={disabled} onClick={() => onChange([...variants, { key: nextKey(), weight: 0 }])}>
          Variant
        </Button>
        <Typography.Text type={total === 100 ? "success" : "danger"} data-testid="weights-total">
          Total {total}%{total === 100 ? "" : " — must be 100%"}
        </Typography.Text>
      </Space>
    </Space>
  );
}
