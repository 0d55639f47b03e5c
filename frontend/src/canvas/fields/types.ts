import type { JsonSchema } from "../../api/journeys";

/** What every config field widget receives. */
export interface FieldProps {
  name: string;
  value: unknown;
  onChange: (value: unknown) => void;
  schema: JsonSchema;
  config: Record<string, unknown>;
  disabled: boolean;
  nullable: boolean;
  /** The whole config schema, where the field's `$ref`s point. */
  root?: JsonSchema;
}
