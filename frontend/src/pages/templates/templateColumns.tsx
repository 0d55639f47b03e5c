import { Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { MessageTemplate } from "../../api/messaging";
import { channelLabel, formatDateTime, humanize } from "../../format/format";
import { CHANNEL_COLORS } from "./templateForm";

export const templateColumns: ColumnsType<MessageTemplate> = [
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
    width: 130,
    render: (c: string) => <Tag color={CHANNEL_COLORS[c] ?? "default"}>{channelLabel(c)}</Tag>,
  },
  { title: "Category", dataIndex: "category", width: 130, render: (c: string) => humanize(c) },
  {
    title: "Content",
    key: "content",
    ellipsis: true,
    render: (_: unknown, row) => (
      <>
        {row.subject ? <div>{row.subject}</div> : null}
        <div className="muted mono template-snippet">{row.body}</div>
      </>
    ),
  },
  { title: "Last change", dataIndex: "updated_at", width: 160, render: (v: string | null) => formatDateTime(v) },
];
