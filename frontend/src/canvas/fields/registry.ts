import type { ComponentType } from "react";
import type { JsonSchema } from "../../api/journeys";
import { AudiencePicker } from "./AudiencePicker";
import { BranchRulesField } from "./BranchRulesField";
import { CouponPicker } from "./CouponPicker";
import { CronField } from "./CronField";
import { DurationField } from "./DurationField";
import { JsonField } from "./JsonField";
import { MessageTemplatePicker } from "./MessageTemplatePicker";
import { PrimitiveField } from "./PrimitiveField";
import { isBranchListSchema, isRuleTreeSchema } from "./ruleTree";
import { RuleTreeField } from "./RuleTreeField";
import { TimeField } from "./TimeField";
import type { FieldProps } from "./types";
import { WeightsField } from "./WeightsField";

type Match = (name: string, schema: JsonSchema, root?: JsonSchema) => boolean;

const isTime = (s: JsonSchema) => s.pattern === "^([01]\\d|2[0-3]):[0-5]\\d$";
const isDuration = (s: JsonSchema) => Boolean(s.properties?.days && s.properties?.hours && s.properties?.minutes);
const isPrimitive = (s: JsonSchema) =>
  Boolean(s.enum) ||
  (s.type === "array" && Boolean(s.items?.enum)) ||
  ["string", "integer", "number", "boolean"].includes(String(s.type));

/** Which widget edits a config field, first match wins; declared once at module scope. */
const WIDGETS: [Match, ComponentType<FieldProps>][] = [
  [(_, s, root) => isRuleTreeSchema(s, root), RuleTreeField],
  [(_, s, root) => isBranchListSchema(s, root), BranchRulesField],
  [(name) => name === "audience", AudiencePicker],
  [(name) => name === "coupon_template", CouponPicker],
  [(name) => name === "template", MessageTemplatePicker],
  [(name) => name === "cron", CronField],
  [(_, s) => isTime(s), TimeField],
  [(_, s) => isDuration(s), DurationField],
  [(name, s) => name === "variants" && s.type === "array", WeightsField],
  [(_, s) => isPrimitive(s), PrimitiveField],
];

/** `root` is the whole config schema, to follow the field's `$ref`s. */
export function widgetFor(name: string, schema: JsonSchema, root?: JsonSchema): ComponentType<FieldProps> {
  return WIDGETS.find(([match]) => match(name, schema, root))?.[1] ?? JsonField;
}
