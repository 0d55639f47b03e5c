import { Col, Form, Input, InputNumber, Row, Select, Switch } from "antd";
import type { Rule } from "antd/es/form";
import type { ReactNode } from "react";
import type { FieldSpec } from "./schemaForm";

interface Props {
  spec: FieldSpec;
  /** Where the value sits in the form, e.g. ["config", "host"]. */
  path: string[];
  /** A saved secret: the field stays empty and leaving it empty keeps the secret. */
  secretSaved?: boolean;
  extra?: ReactNode;
  /** Shown in an empty field when the schema gives no default. */
  emptyHint?: string;
}

function rulesFor(spec: FieldSpec, secretSaved: boolean): Rule[] {
  const rules: Rule[] = [];
  if (spec.required && !(spec.kind === "secret" && secretSaved)) {
    rules.push({ required: true, message: `${spec.label} is required.` });
  }
  if (spec.kind === "text" || spec.kind === "secret") {
    if (spec.minLength) rules.push({ min: spec.minLength, message: `At least ${spec.minLength} characters.` });
    if (spec.maxLength) rules.push({ max: spec.maxLength, message: `At most ${spec.maxLength} characters.` });
    if (spec.pattern) rules.push({ pattern: new RegExp(spec.pattern), message: `Must match ${spec.pattern}.` });
    if (spec.format === "email") rules.push({ type: "email", message: "Enter a valid email address." });
  }
  if (spec.kind === "json") {
    rules.push({
      validator: async (_: unknown, value: unknown) => {
        if (typeof value !== "string" || !value.trim()) return;
        let parsed: unknown;
        try {
          parsed = JSON.parse(value);
        } catch {
          throw new Error("Write a JSON object, such as {\"to\": \"$to\"}.");
        }
        if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
          throw new Error("Write a JSON object, such as {\"to\": \"$to\"}.");
        }
      },
    });
  }
  return rules;
}

function placeholderOf(spec: FieldSpec): string | undefined {
  return spec.defaultValue !== undefined ? String(spec.defaultValue) : undefined;
}

/** One settings field, built from its schema. */
export function SchemaField({ spec, path, secretSaved = false, extra, emptyHint }: Props) {
  const nested = path.length > 2;
  const placeholder = placeholderOf(spec) ?? emptyHint;
  if (spec.kind === "group") {
    return (
      <Form.Item label={spec.label} extra={extra} required={spec.required}>
        <Row gutter={8}>
          {(spec.children ?? []).map((child) => (
            <Col key={child.name} span={12}>
              <SchemaField spec={{ ...child, required: false }} path={[...path, child.name]} />
            </Col>
          ))}
        </Row>
      </Form.Item>
    );
  }
  let control: ReactNode;
  switch (spec.kind) {
    case "secret":
      control = (
        <Input.Password
          autoComplete="new-password"
          placeholder={secretSaved ? "Saved — leave empty to keep" : undefined}
          visibilityToggle={false}
        />
      );
      break;
    case "integer":
    case "number":
      control = (
        <InputNumber
          min={spec.min ?? spec.exclusiveMin}
          max={spec.max}
          precision={spec.kind === "integer" ? 0 : undefined}
          placeholder={placeholder}
          style={{ width: "100%" }}
        />
      );
      break;
    case "select":
      control = (
        <Select
          allowClear={!spec.required}
          placeholder={placeholder}
          options={(spec.options ?? []).map((o) => ({ value: o, label: o }))}
        />
      );
      break;
    case "boolean":
      control = <Switch />;
      break;
    case "json":
      control = <Input.TextArea rows={4} className="mono" placeholder={placeholderOf(spec)} />;
      break;
    default:
      control = (
        <Input
          aria-label={nested ? spec.label : undefined}
          placeholder={nested ? spec.label : (placeholder ?? (spec.format === "email" ? "name@example.com" : undefined))}
        />
      );
  }
  return (
    <Form.Item
      name={path}
      label={nested ? undefined : spec.label}
      rules={rulesFor(spec, secretSaved)}
      valuePropName={spec.kind === "boolean" ? "checked" : "value"}
      extra={extra}
      tooltip={spec.description}
    >
      {control}
    </Form.Item>
  );
}
