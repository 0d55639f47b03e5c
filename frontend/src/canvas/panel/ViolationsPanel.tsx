import { CheckCircleOutlined } from "@ant-design/icons";
import { List, Tag, Typography } from "antd";
import type { Violation } from "../../api/types";

interface Props {
  violations: Violation[];
  onFocus: (violation: Violation) => void;
  /** What each node is called on the canvas: its label, else its type's name. */
  names?: Record<string, string>;
}

/** Every problem the server found in the draft; clicking one focuses its node or edge. */
export function ViolationsPanel({ violations, onFocus, names = {} }: Props) {
  if (violations.length === 0) {
    return (
      <div className="no-problems" data-testid="violations-empty">
        <CheckCircleOutlined /> No problems: this journey passes validation.
      </div>
    );
  }
  return (
    <List
      size="small"
      className="violations"
      data-testid="violations"
      dataSource={violations}
      renderItem={(v) => (
        <List.Item className={v.node_id || v.edge_id ? "violation clickable" : "violation"} onClick={() => onFocus(v)}>
          <div>
            <Tag color={v.severity === "error" ? "red" : "orange"}>{v.severity}</Tag>
            {v.node_id ? <Tag>{names[v.node_id] ?? v.node_id}</Tag> : v.edge_id ? <Tag>a connection</Tag> : null}
            <Typography.Text>{v.message}</Typography.Text>
          </div>
        </List.Item>
      )}
    />
  );
}
