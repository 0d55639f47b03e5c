import { CheckCircleFilled, CloseCircleFilled, StopOutlined } from "@ant-design/icons";
import { Card, List, Space, Tag, Typography } from "antd";
import type { Channel, MemberDetail } from "../../api/types";
import { formatDateTime } from "../../format/format";

const CHANNELS: { key: Channel; label: string }[] = [
  { key: "email", label: "Email" },
  { key: "sms", label: "SMS" },
  { key: "push", label: "Push" },
];

function ConsentState({ granted, unsubscribedAt }: { granted: boolean; unsubscribedAt: string | null | undefined }) {
  if (unsubscribedAt) {
    return (
      <Space size={6}>
        <StopOutlined style={{ color: "#cf1322" }} />
        <Typography.Text type="danger">Unsubscribed {formatDateTime(unsubscribedAt)}</Typography.Text>
      </Space>
    );
  }
  return granted ? (
    <Tag icon={<CheckCircleFilled />} color="success">
      Consented
    </Tag>
  ) : (
    <Tag icon={<CloseCircleFilled />} color="default">
      No consent
    </Tag>
  );
}

/** Marketing consent per channel, and when the member unsubscribed, if they did. */
export function ConsentCard({ member }: { member: MemberDetail }) {
  return (
    <Card title="Consent" size="small">
      <List
        size="small"
        dataSource={CHANNELS}
        renderItem={(channel) => (
          <List.Item data-channel={channel.key}>
            <Typography.Text>{channel.label}</Typography.Text>
            <ConsentState
              granted={Boolean(member.consent?.[channel.key])}
              unsubscribedAt={member.unsubscribed?.[channel.key]}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
