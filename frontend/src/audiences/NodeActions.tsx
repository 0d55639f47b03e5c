import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, StopOutlined } from "@ant-design/icons";
import { Button, Tooltip } from "antd";
import { useBuilder } from "./builderContext";
import { moveAt, removeAt, toggleNot, type NodePath } from "./ruleTree";

interface Props {
  path: NodePath;
  /** Position among its siblings, to disable moving past the ends. */
  index: number;
  siblings: number;
  what: string;
  negated: boolean;
}

/** Move up / down, negate and remove, for a condition or a group. */
export function NodeActions({ path, index, siblings, what, negated }: Props) {
  const { edit, readOnly } = useBuilder();
  if (readOnly) return null;
  const last = path[path.length - 1];
  const movable = last !== undefined && last.key !== "not";
  return (
    <span className="node-actions">
      {movable ? (
        <>
          <Tooltip title="Move up">
            <Button type="text" size="small" aria-label={`Move ${what} up`} icon={<ArrowUpOutlined />} disabled={index === 0} onClick={() => edit((t) => moveAt(t, path, -1))} />
          </Tooltip>
          <Tooltip title="Move down">
            <Button type="text" size="small" aria-label={`Move ${what} down`} icon={<ArrowDownOutlined />} disabled={index >= siblings - 1} onClick={() => edit((t) => moveAt(t, path, 1))} />
          </Tooltip>
        </>
      ) : null}
      {negated ? null : (
        <Tooltip title="Negate: match members for whom this is not true">
          <Button type="text" size="small" aria-label={`Negate ${what}`} icon={<StopOutlined />} onClick={() => edit((t) => toggleNot(t, path))} />
        </Tooltip>
      )}
      <Tooltip title="Remove">
        <Button type="text" size="small" danger aria-label={`Remove ${what}`} icon={<DeleteOutlined />} onClick={() => edit((t) => removeAt(t, path))} />
      </Tooltip>
    </span>
  );
}
