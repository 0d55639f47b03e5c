import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Typography } from "antd";
import type { Condition, KindDescriptor } from "../../api/audiences";
import { ConditionControls } from "../ConditionControls";
import { newCondition } from "../controls";
import { rowErrors } from "../ruleErrors";
import type { InputProps } from "./types";

const MAX_PROPERTIES = 10;

/** Conditions on an event's properties, each written like a custom attribute condition. */
export function WhereInput({ control, value, onChange, errors, disabled }: InputProps) {
  const rows = Array.isArray(value) ? (value as Condition[]) : [];
  const desc: KindDescriptor = {
    kind: "property",
    label: "Property",
    fields: [{ field: "property", type: "string" }],
    types: control.types,
  };
  const strip = ({ kind: _kind, ...row }: Condition) => row;
  const set = (next: Record<string, unknown>[]) => onChange(next.length ? next : undefined);
  return (
    <Flex vertical gap={6} className="where-list">
      {rows.map((row, i) => (
        <Flex key={i} gap={8} align="center" className="where-row">
          <Typography.Text type="secondary">{i === 0 ? "where" : "and"}</Typography.Text>
          <ConditionControls
            desc={desc}
            cond={{ ...row, kind: "property" }}
            errors={rowErrors(errors, "where", i)}
            onChange={(c) => set(rows.map((r, j) => (j === i ? strip(c) : r)))}
            disabled={disabled}
          />
          <Button
            type="text"
            aria-label="Remove property condition"
            icon={<DeleteOutlined />}
            disabled={disabled}
            onClick={() => set(rows.filter((_, j) => j !== i))}
          />
        </Flex>
      ))}
      {rows.length < MAX_PROPERTIES ? (
        <Button
          size="small"
          type="dashed"
          icon={<PlusOutlined />}
          disabled={disabled}
          onClick={() => set([...rows, strip(newCondition(desc))])}
          style={{ alignSelf: "flex-start" }}
        >
          Event property
        </Button>
      ) : null}
    </Flex>
  );
}
