import { Form } from "antd";
import type { JsonSchema } from "../../api/journeys";
import { widgetFor } from "../fields/registry";
import { fieldsOf } from "./schema";

interface Props {
  schema: JsonSchema;
  value: Record<string, unknown>;
  onChange: (field: string, value: unknown) => void;
  disabled: boolean;
}

/** A form generated from a node type's config JSON Schema, one widget per property. */
export function SchemaForm({ schema, value, onChange, disabled }: Props) {
  return (
    <Form layout="vertical" size="small" className="schema-form">
      {fieldsOf(schema).map(({ name, schema: field, nullable, required }) => {
        const Widget = widgetFor(name, field, schema);
        return (
          <Form.Item key={name} label={field.title ?? name} required={required} tooltip={field.description} data-field={name}>
            <Widget
              name={name}
              value={value[name] ?? (field.default as unknown)}
              onChange={(v) => onChange(name, v)}
              schema={field}
              config={value}
              disabled={disabled}
              nullable={nullable}
              root={schema}
            />
          </Form.Item>
        );
      })}
    </Form>
  );
}
