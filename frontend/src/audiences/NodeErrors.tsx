import { Typography } from "antd";
import { keyLabel } from "./labels";
import { fieldKey, type RuleError } from "./ruleErrors";

/** The server's problems with one condition or group, next to it. */
export function NodeErrors({ errors }: { errors: RuleError[] }) {
  if (!errors.length) return null;
  return (
    <ul className="rule-errors" role="alert">
      {errors.map((e, i) => (
        <li key={i}>
          <Typography.Text type="danger">
            {e.field ? <strong>{keyLabel(fieldKey(e.field))}: </strong> : null}
            {e.message}
          </Typography.Text>
        </li>
      ))}
    </ul>
  );
}
