import { CopyOutlined, DeleteOutlined } from "@ant-design/icons";
import { Alert, Button, Form, Input, Space, Typography } from "antd";
import type { NodeType } from "../../api/journeys";
import type { Violation } from "../../api/types";
import type { CanvasNode } from "../convert";
import { NodeIcon } from "../icons";
import { SchemaForm } from "./SchemaForm";

interface Props {
  node: CanvasNode;
  nodeType: NodeType | undefined;
  violations: Violation[];
  readOnly: boolean;
  onChange: (patch: { label?: string; config?: Record<string, unknown> }, field: string) => void;
  onDelete: () => void;
  onDuplicate: () => void;
}

/** The selected node: its label and a form for its config, with the problems found on it. */
export function ConfigPanel({ node, nodeType, violations, readOnly, onChange, onDelete, onDuplicate }: Props) {
  const { config, label, type } = node.data;
  return (
    <div className="config-panel" data-testid="config-panel">
      <Space align="start" size={10} className="config-head">
        <span className={`jn-icon jn-icon-${node.type}`}>
          <NodeIcon name={nodeType?.icon} />
        </span>
        <div>
          <Typography.Text strong>{nodeType?.label ?? type}</Typography.Text>
          <div className="muted mono">{node.id}</div>
        </div>
      </Space>
      {nodeType ? <Typography.Paragraph type="secondary">{nodeType.description}</Typography.Paragraph> : null}
      {violations.map((v, i) => (
        <Alert key={i} type={v.severity === "error" ? "error" : "warning"} showIcon message={v.message} className="config-problem" />
      ))}
      <Form layout="vertical" size="small">
        <Form.Item label="Label" tooltip="Shown on the canvas instead of the type name">
          <Input aria-label="label" value={label} disabled={readOnly} maxLength={200} placeholder={nodeType?.label} onChange={(e) => onChange({ label: e.target.value }, "label")} />
        </Form.Item>
      </Form>
      {nodeType ? (
        <SchemaForm
          key={node.id}
          schema={nodeType.config_schema}
          value={config}
          disabled={readOnly}
          onChange={(field, value) => {
            const next = { ...config };
            if (value === undefined) delete next[field];
            else next[field] = value;
            onChange({ config: next }, field);
          }}
        />
      ) : (
        <Alert type="error" showIcon message={`The server has no node type '${type}'.`} />
      )}
      {readOnly ? null : (
        <Space className="config-actions">
          <Button icon={<CopyOutlined />} onClick={onDuplicate}>
            Duplicate
          </Button>
          <Button danger icon={<DeleteOutlined />} onClick={onDelete}>
            Delete node
          </Button>
        </Space>
      )}
    </div>
  );
}
