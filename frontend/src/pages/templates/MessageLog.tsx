import { useQuery } from "@tanstack/react-query";
import { Button, Card, Flex, Input, Select, Skeleton, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { Link } from "react-router";
import { listMessages, type OutboxMessage } from "../../api/messaging";
import { EmptyState } from "../../components/EmptyState";
import { ErrorAlert } from "../../components/ErrorAlert";
import { channelLabel, formatDateTime, humanize } from "../../format/format";
import { DeliverySummary } from "./DeliverySummary";
import { MessageDrawer } from "./MessageDrawer";
import { MESSAGE_STATUSES, MessageStatusTag } from "./messageStatus";
import { CHANNELS, CHANNEL_COLORS } from "./templateForm";

const PAGE = 50;

const columns: ColumnsType<OutboxMessage> = [
  { title: "#", dataIndex: "id", width: 80, render: (id: number) => <span className="mono">{id}</span> },
  {
    title: "Member",
    dataIndex: "member_id",
    width: 120,
    render: (id: number | null, m: OutboxMessage) =>
      id === null ? "—" : <Link to={`/members/${id}`}>{m.member_external_id ?? `#${id}`}</Link>,
  },
  {
    title: "Channel",
    dataIndex: "channel",
    width: 120,
    render: (c: string) => <Tag color={CHANNEL_COLORS[c] ?? "default"}>{channelLabel(c)}</Tag>,
  },
  { title: "Template", dataIndex: "template_key", render: (k: string | null) => <span className="mono">{k ?? "—"}</span> },
  {
    title: "Status",
    dataIndex: "status",
    width: 210,
    render: (s: string, row) => (
      <>
        <MessageStatusTag status={s} />
        {row.reason ? <span className="muted">{humanize(row.reason)}</span> : null}
      </>
    ),
  },
  { title: "Attempts", dataIndex: "attempts", width: 90, align: "right" },
  { title: "Queued", dataIndex: "created_at", width: 150, render: (v: string | null) => formatDateTime(v) },
  { title: "Sent", dataIndex: "sent_at", width: 150, render: (v: string | null) => formatDateTime(v) },
];

/** The outbox, filtered by channel, status and member, a page at a time. */
export function MessageLog() {
  const [channel, setChannel] = useState<string | undefined>();
  const [status, setStatus] = useState<string | undefined>();
  const [member, setMember] = useState("");
  const [cursors, setCursors] = useState<number[]>([0]);
  const [openId, setOpenId] = useState<number | null>(null);
  const after = cursors[cursors.length - 1];
  const query = useQuery({
    queryKey: ["messages", channel, status, member, after],
    queryFn: ({ signal }) =>
      listMessages({ channel, status, member: member || undefined, after, limit: PAGE }, signal),
  });
  const restart = () => setCursors([0]);
  let body;
  if (query.isLoading) {
    body = <Skeleton active paragraph={{ rows: 6 }} />;
  } else if (query.error) {
    body = <ErrorAlert error={query.error} />;
  } else if (!query.data || query.data.messages.length === 0) {
    body = (
      <EmptyState
        title={channel || status || member ? "No message matches these filters" : "No messages yet"}
        description="Messages appear here once a journey's send step or the messages API queues them; each shows its delivery status and why."
      />
    );
  } else {
    body = (
      <Table<OutboxMessage>
        rowKey="id"
        size="middle"
        className="clickable-rows"
        columns={columns}
        dataSource={query.data.messages}
        pagination={false}
        onRow={(row) => ({ onClick: () => setOpenId(row.id) })}
      />
    );
  }
  return (
    <>
      <DeliverySummary />
      <Card>
        <Flex gap={8} wrap className="toolbar">
          <Select
            allowClear
            aria-label="Filter by channel"
            placeholder="All channels"
            style={{ width: 160 }}
            value={channel}
            onChange={(v) => {
              setChannel(v);
              restart();
            }}
            options={CHANNELS.map((c) => ({ value: c, label: channelLabel(c) }))}
          />
          <Select
            allowClear
            aria-label="Filter by status"
            placeholder="All statuses"
            style={{ width: 160 }}
            value={status}
            onChange={(v) => {
              setStatus(v);
              restart();
            }}
            options={MESSAGE_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
          />
          <Input.Search
            aria-label="Member"
            placeholder="Member, e.g. M0000005"
            allowClear
            style={{ width: 220 }}
            onSearch={(v) => {
              setMember(v.trim());
              restart();
            }}
          />
        </Flex>
        {body}
        <Flex justify="flex-end" gap={8} className="pager">
          <Button disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            Previous
          </Button>
          <Button
            disabled={!query.data?.next_after}
            onClick={() => query.data?.next_after && setCursors([...cursors, query.data.next_after])}
          >
            Next
          </Button>
        </Flex>
      </Card>
      <MessageDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}
