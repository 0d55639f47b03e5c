import { Alert, List, Space, Tag, Typography } from "antd";
import type { Violation } from "../../api/types";

/** Every problem the server found in the journey, each with the node or edge it is on. */
export function ViolationList({ violations }: { violations: Violation[] }) {
  const errors = violations.filter((v) => v.severity === "error").length;
  const warnings = violations.length - errors;
  if (violations.length === 0) {
    return <Alert type="success" showIcon message="No problems found: this journey passes validation." />;
  }
  return (
    <Space direction="vertical" size={12} style={{ width: "100%" }}>
      <Alert
        type={errors ? "error" : "warning"}
        showIcon
        message={`${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`}
        description={errors ? "Errors must be fixed before this journey can be published." : undefined}
      />
      <List
        size="small"
        bordered
        dataSource={violations}
        renderItem={(v) => (
          <List.Item>
            <Space size={8} wrap>
              <Tag color={v.severity === "error" ? "red" : "orange"}>{v.severity}</Tag>
              {v.node_id ? <Tag className="mono">node {v.node_id}</Tag> : null}
              {v.edge_id ? <Tag className="mono">edge {v.edge_id}</Tag> : null}
              <Typography.Text>{v.message}</Typography.Text>
              <Typography.Text type="secondary" className="mono">
                {v.code}
              </Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Space>
  );
}
