import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Skeleton, Table, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { listEarningRules, type EarningRule } from "../../../api/points";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { StatusTag } from "../../../components/StatusTag";
import { channelLabel } from "../../../format/format";
import { EarningRuleModal } from "./EarningRuleModal";
import { describeBands } from "./pointsText";

const columns: ColumnsType<EarningRule> = [
  {
    title: "Rule",
    dataIndex: "name",
    render: (name: string, r) => (
      <>
        <Typography.Text strong>{name}</Typography.Text>
        <div className="muted mono">{r.key}</div>
      </>
    ),
  },
  { title: "Earning", key: "bands", render: (_: unknown, r) => describeBands(r.bands) },
  {
    title: "Channels",
    dataIndex: "channels",
    render: (cs: string[]) => (cs.length ? cs.map((c) => <Tag key={c}>{channelLabel(c)}</Tag>) : "Every channel"),
  },
  { title: "Expiry", dataIndex: "expires_after_days", render: (d: number | null) => (d ? `${d} days` : "Never") },
  { title: "Status", dataIndex: "active", width: 100, render: (a: boolean) => <StatusTag status={a ? "active" : "inactive"} /> },
];

/** Earning rules: the first active one matching an order's channel applies. */
export function EarningRules({ canEdit }: { canEdit: boolean }) {
  const [editing, setEditing] = useState<EarningRule | null>(null);
  const query = useQuery({ queryKey: ["points-rules"], queryFn: ({ signal }) => listEarningRules(signal) });
  const blank = { key: "" } as EarningRule;
  let body;
  if (query.isLoading) {
    body = <Skeleton active paragraph={{ rows: 3 }} />;
  } else if (query.error) {
    body = <ErrorAlert error={query.error} />;
  } else if (!query.data?.rules.length) {
    body = (
      <EmptyState
        title="No earning rules yet"
        description="Without a rule, paid orders earn no points. A rule sets points per ¥1 in bands by order size."
      />
    );
  } else {
    body = (
      <Table<EarningRule>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={query.data.rules}
        pagination={false}
        className={canEdit ? "clickable-rows" : undefined}
        onRow={canEdit ? (r) => ({ onClick: () => setEditing(r) }) : undefined}
      />
    );
  }
  return (
    <Card
      title="Earning rules"
      size="small"
      extra={
        canEdit ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setEditing(blank)}>
            New rule
          </Button>
        ) : null
      }
    >
      {body}
      <EarningRuleModal rule={editing} onClose={() => setEditing(null)} />
    </Card>
  );
}
