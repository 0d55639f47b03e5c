import { Card, Descriptions, Tag } from "antd";
import type { SessionUser } from "../../api/types";
import { humanize } from "../../format/format";

export function MyAccountCard({ user }: { user: SessionUser }) {
  return (
    <Card title="My account">
      <Descriptions column={{ xs: 1, md: 3 }}>
        <Descriptions.Item label="Name">{user.name || "—"}</Descriptions.Item>
        <Descriptions.Item label="Email">{user.email}</Descriptions.Item>
        <Descriptions.Item label="Role">
          <Tag>{humanize(user.role)}</Tag>
        </Descriptions.Item>
      </Descriptions>
    </Card>
  );
}
