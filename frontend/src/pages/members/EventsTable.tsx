import { Card, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { MemberEvent } from "../../api/types";
import { formatDateTime, humanize } from "../../format/format";

function propertiesText(properties: Record<string, unknown>): string {
  return Object.entries(properties ?? {})
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" · ");
}

const columns: ColumnsType<MemberEvent> = [
  { title: "When", dataIndex: "occurred_at", width: 170, render: (v: string) => formatDateTime(v) },
  {
    title: "Event",
    dataIndex: "type",
    width: 200,
    render: (type: string, row) => <Tag color="blue">{row.name ? `${humanize(type)}: ${row.name}` : humanize(type)}</Tag>,
  },
  { title: "Details", dataIndex: "properties", ellipsis: true, render: (p: Record<string, unknown>) => propertiesText(p) },
];

/** The member's latest behaviour events. */
export function EventsTable({ events }: { events: MemberEvent[] }) {
  return (
    <Card title="Recent events" size="small">
      <Table<MemberEvent>
        rowKey={(row) => `${row.type}-${row.occurred_at}-${row.name ?? ""}`}
        size="small"
        columns={columns}
        dataSource={events}
        pagination={false}
        locale={{ emptyText: "No events recorded for this member." }}
      />
    </Card>
  );
}
