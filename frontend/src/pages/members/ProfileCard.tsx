import { Card, Descriptions } from "antd";
import type { MemberDetail } from "../../api/types";
import { EMPTY, formatDate, formatDateTime, humanize } from "../../format/format";

function attributeText(value: unknown): string {
  if (value === null || value === undefined || value === "") {
    return EMPTY;
  }
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Who the member is: identity, contact and static attributes. */
export function ProfileCard({ member }: { member: MemberDetail }) {
  const attributes = Object.entries(member.attributes ?? {});
  return (
    <Card title="Profile" size="small">
      <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
        <Descriptions.Item label="Member ID">
          <span className="mono">{member.external_id}</span>
        </Descriptions.Item>
        <Descriptions.Item label="Email">{member.email || EMPTY}</Descriptions.Item>
        <Descriptions.Item label="Phone">{member.phone || EMPTY}</Descriptions.Item>
        <Descriptions.Item label="Gender">{humanize(member.gender)}</Descriptions.Item>
        <Descriptions.Item label="Birthday">{formatDate(member.birthday)}</Descriptions.Item>
        <Descriptions.Item label="City">{member.city || EMPTY}</Descriptions.Item>
        <Descriptions.Item label="Registered">{formatDateTime(member.registered_at)}</Descriptions.Item>
        <Descriptions.Item label="First order">{formatDateTime(member.first_order_at)}</Descriptions.Item>
        <Descriptions.Item label="Last order">{formatDateTime(member.last_order_at)}</Descriptions.Item>
        <Descriptions.Item label="Time zone">{member.timezone || EMPTY}</Descriptions.Item>
        {attributes.map(([key, value]) => (
          <Descriptions.Item key={key} label={humanize(key)}>
            {attributeText(value)}
          </Descriptions.Item>
        ))}
      </Descriptions>
    </Card>
  );
}
