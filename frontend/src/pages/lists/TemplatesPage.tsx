import { useQuery } from "@tanstack/react-query";
import { Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { listMessageTemplates } from "../../api/catalog";
import type { MessageTemplate } from "../../api/types";
import { ListCard } from "../../components/ListCard";
import { channelLabel, formatDateTime } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";

const CHANNEL_COLORS: Record<string, string> = { email: "blue", sms: "green", push: "purple", inapp: "cyan" };

const columns: ColumnsType<MessageTemplate> = [
  {
    title: "Template",
    dataIndex: "name",
    render: (name: string, row) => (
      <>
        <Typography.Text strong>{name}</Typography.Text>
        <div className="muted mono">{row.key}</div>
      </>
    ),
  },
  {
    title: "Channel",
    dataIndex: "channel",
    width: 120,
    render: (c: string) => <Tag color={CHANNEL_COLORS[c] ?? "default"}>{channelLabel(c)}</Tag>,
  },
  { title: "Subject", dataIndex: "subject", ellipsis: true },
  { title: "Last change", dataIndex: "updated_at", width: 180, render: (v?: string) => formatDateTime(v) },
];

export function TemplatesPage() {
  const query = useQuery({
    queryKey: ["message-templates"],
    queryFn: ({ signal }) => listMessageTemplates(signal).then((d) => d.templates),
  });
  return (
    <>
      <PageHeader title="Templates 模板" subtitle="Message templates for email, SMS, push and the in-app inbox." />
      <ListCard<MessageTemplate>
        query={query}
        columns={columns}
        rowKey="key"
        emptyTitle="No message templates yet"
        emptyText="Message templates hold the subject and body a journey sends on each channel, personalised with member fields. Marketing SMS templates carry an unsubscribe line."
      />
    </>
  );
}
