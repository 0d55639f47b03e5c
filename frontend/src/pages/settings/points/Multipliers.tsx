import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Popconfirm, Skeleton, Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { deleteMultiplier, listMultipliers, type Multiplier } from "../../../api/points";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { TierTag } from "../../../components/TierTag";
import { formatDateTime } from "../../../format/format";
import { MultiplierModal } from "./MultiplierModal";

/** Limited-time multipliers; the largest covering an order's payment time applies. */
export function Multipliers({ canEdit }: { canEdit: boolean }) {
  const [adding, setAdding] = useState(false);
  const client = useQueryClient();
  const { message } = App.useApp();
  const query = useQuery({ queryKey: ["points-multipliers"], queryFn: ({ signal }) => listMultipliers(signal) });
  const remove = useMutation({
    mutationFn: deleteMultiplier,
    onSuccess: () => client.invalidateQueries({ queryKey: ["points-multipliers"] }),
    onError: (error) => message.error(error.message),
  });
  const columns: ColumnsType<Multiplier> = [
    { title: "Name", dataIndex: "name" },
    { title: "Factor", dataIndex: "factor", width: 90, render: (f: number) => `×${f}` },
    {
      title: "Orders paid",
      key: "window",
      render: (_: unknown, m) => `${formatDateTime(m.starts_at)} – ${formatDateTime(m.ends_at)}`,
    },
    {
      title: "Tiers",
      dataIndex: "tiers",
      render: (tiers: string[]) => (tiers.length ? tiers.map((t) => <TierTag key={t} tier={t} />) : "Every tier"),
    },
    {
      title: "",
      key: "actions",
      width: 60,
      render: (_: unknown, m) =>
        canEdit ? (
          <Popconfirm title={`Remove ${m.name}?`} okText="Remove" onConfirm={() => remove.mutate(m.id)}>
            <Button type="text" danger size="small" icon={<DeleteOutlined />} aria-label={`Remove ${m.name}`} />
          </Popconfirm>
        ) : null,
    },
  ];
  let body;
  if (query.isLoading) {
    body = <Skeleton active paragraph={{ rows: 2 }} />;
  } else if (query.error) {
    body = <ErrorAlert error={query.error} />;
  } else if (!query.data?.multipliers.length) {
    body = <EmptyState title="No multipliers" description="Add one for a member day or a double-points week." />;
  } else {
    body = <Table<Multiplier> rowKey="id" size="small" columns={columns} dataSource={query.data.multipliers} pagination={false} />;
  }
  return (
    <Card
      title="Multipliers"
      size="small"
      extra={
        canEdit ? (
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            New multiplier
          </Button>
        ) : null
      }
    >
      {body}
      <MultiplierModal open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}
