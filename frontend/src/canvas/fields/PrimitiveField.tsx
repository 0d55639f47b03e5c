import { Input, InputNumber, Select, Switch } from "antd";
import type { FieldProps } from "./types";

const kind = (t: FieldProps["schema"]["type"]) => (Array.isArray(t) ? t[0] : t);

/** Text, numbers, switches and choices, from the field's JSON Schema. */
export function PrimitiveField({ name, value, onChange, schema, disabled, nullable }: FieldProps) {
  if (schema.enum) {
    return (
      <Select
        aria-label={name}
        value={value ?? undefined}
        allowClear={nullable}
        disabled={disabled}
        onChange={(v) => onChange(v ?? null)}
        options={schema.enum.map((v) => ({ value: v as string, label: String(v).replace(/_/g, " ") }))}
      />
    );
  }
  if (kind(schema.type) === "array" && schema.items?.enum) {
    return (
      <Select
        aria-label={name}
        mode="multiple"
        value={Array.isArray(value) ? value : []}
        disabled={disabled}
        onChange={onChange}
        options={schema.items.enum.map((v) => ({ value: v as string, label: String(v) }))}
      />
    );
  }
  const type = kind(schema.type);
  if (type === "integer" || type === "number") {
    return (
      <InputNumber
        aria-label={name}
        style={{ width: "100%" }}
        value={typeof value === "number" ? value : null}
        min={schema.minimum}
        max={schema.maximum}
        precision={type === "integer" ? 0 : undefined}
        disabled={disabled}
        onChange={(v) => onChange(v ?? (nullable ? null : 0))}
      />
    );
  }
  if (type === "boolean") {
    return <Switch aria-label={name} checked={Boolean(value)} disabled={disabled} onChange={onChange} />;
  }
  const text = typeof value === "string" ? value : "";
  const update = (v: string) => onChange(v === "" && nullable ? null : v);
  if ((schema.maxLength ?? 0) > 200) {
    return <Input.TextArea aria-label={name} value={text} autoSize={{ minRows: 2, maxRows: 6 }} disabled={disabled} onChange={(e) => update(e.target.value)} />;
  }
  return <Input aria-label={name} value={text} disabled={disabled} onChange={(e) => update(e.target.value)} />;
}
