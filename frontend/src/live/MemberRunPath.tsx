import { Alert, Descriptions, Space, Tag, Timeline, Typography } from "antd";
import { StatusTag } from "../components/StatusTag";
import { formatDateTime } from "../format/format";
import { type MemberRun, pathSteps } from "./memberPath";

/** One entry of a member: status, when, any error, and the nodes passed so far. */
export function MemberRunPath({ run }: { run: MemberRun }) {
  return (
    <Space direction="vertical" size={8} style={{ width: "100%" }}>
      <Descriptions size="small" column={2}>
        <Descriptions.Item label="Status">
          <StatusTag status={run.status} /> {run.test ? <Tag>Test run</Tag> : null}
        </Descriptions.Item>
        <Descriptions.Item label="Entered">{formatDateTime(run.entered_at)}</Descriptions.Item>
        {run.due_at ? <Descriptions.Item label="Next step">{formatDateTime(run.due_at)}</Descriptions.Item> : null}
      </Descriptions>
      {run.error ? <Alert type="error" showIcon message={run.error} /> : null}
      <Timeline
        items={pathSteps(run).map((step, i) => ({
          key: `${step.node}-${i}`,
          color: step.current ? "blue" : "gray",
          children: (
            <span>
              <span className="mono">{step.node}</span> <Typography.Text type="secondary">{step.text}</Typography.Text>
            </span>
          ),
        }))}
      />
    </Space>
  );
}
