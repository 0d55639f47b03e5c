import type { ComponentType } from "react";
import type { JsonSchema } from "../../api/journeys";
import { AudiencePicker } from "./AudiencePicker";
import { CouponPicker } from "./CouponPicker";
import { CronField } from "./CronField";
import { DurationField } from "./DurationField";
import { JsonField } from "./JsonField";
import { MessageTemplatePicker } from "./MessageTemplatePicker";
import { PrimitiveField } from "./PrimitiveField";
import { TimeField } from "./TimeField";
import type { FieldProps } from "./types";
import { WeightsField } from "./WeightsField";

type Match = (name: string, schema: JsonSchema) => boolean;

const isTime = (s: JsonSchema) => s.pattern === "^([01]\\d|2[0-3]):[0-5]\\d$";
const isDuration = (s: JsonSchema) => Boolean(s.properties?.days && s.properties?.hours && s.properties?.minutes);
const isPrimitive = (s: JsonSchema) =>
  Boolean(s.enum) ||
  (s.type === "array" && Boolean(s.items?.enum)) ||
  ["string", "integer", "number", "boolean"].includes(String(s.type));

/** Which widget edits a config field, first match wins; declared once at module scope. */
const WIDGETS: [Match, ComponentType<FieldProps>][] = [
  [(name) => name === "audience", AudiencePicker],
  [(name) => name === "coupon_template", CouponPicker],
  [(name) => name === "template", MessageTemplatePicker],
  [(name) => name === "cron", CronField],
  [(_, s) => isTime(s), TimeField],
  [(_, s) => isDuration(s), DurationField],
  [(name, s) => name === "variants" && s.type === "array", WeightsField],
  [(_, s) => isPrimitive(s), PrimitiveField],
];

export function widgetFor(name: string, schema: JsonSchema): ComponentType<FieldProps> {
  return WIDGETS.find(([match]) => match(name, schema))?.[1] ?? JsonField;
}
