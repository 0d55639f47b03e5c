import { SearchOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Input, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { useNavigate } from "react-router";
import { listJourneys } from "../../api/catalog";
import type { JourneySummary } from "../../api/types";
import { ListCard } from "../../components/ListCard";
import { StatusTag } from "../../components/StatusTag";
import { formatDateTime } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";

const columns: ColumnsType<JourneySummary> = [
  {
    title: "Journey",
    dataIndex: "name",
    sorter: (a, b) => a.name.localeCompare(b.name),
    render: (name: string, row) => (
      <>
        <Typography.Text strong>{name}</Typography.Text>
        <div className="muted mono">{row.key}</div>
      </>
    ),
  },
  { title: "Status", dataIndex: "status", width: 130, render: (s: string) => <StatusTag status={s} /> },
  { title: "Version", dataIndex: "version", width: 100, align: "right", render: (v: number | null) => (v == null ? "—" : `v${v}`) },
  { title: "Owner", dataIndex: "owner", width: 220, render: (o: string | null) => o ?? "—" },
  {
    title: "Last change",
    dataIndex: "updated_at",
    width: 180,
    defaultSortOrder: "descend",
    sorter: (a, b) => a.updated_at.localeCompare(b.updated_at),
    render: (v: string) => formatDateTime(v),
  },
];

export function JourneysPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useState("");
  const query = useQuery({
    queryKey: ["journeys"],
    queryFn: ({ signal }) => listJourneys(signal).then((d) => d.journeys),
  });
  const needle = search.trim().toLowerCase();
  const filtered = useMemo(
    () =>
      needle
        ? { ...query, data: query.data?.filter((j) => `${j.name} ${j.key}`.toLowerCase().includes(needle)) }
        : query,
    [query, needle],
  );
  return (
    <>
      <PageHeader
        title="Journeys 旅程"
        subtitle="Member journeys: who enters, what happens to each member, and when they leave."
        extra={
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder="Search by name or key"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 280 }}
          />
        }
      />
      <ListCard<JourneySummary>
        query={filtered as typeof query}
        columns={columns}
        rowKey="key"
        onRowClick={(row) => navigate(`/journeys/${encodeURIComponent(row.key)}`)}
        emptyTitle={needle && query.data?.length ? "No journey matches this search" : "No journeys yet"}
        emptyText={
          needle && query.data?.length
            ? "Try part of the journey's name or its key."
            : "A journey is a graph of steps for members: an entry (audience, event, schedule or date), waits, checks, A/B splits, coupons, points, tags and messages. Journeys imported from JSON or drawn on the canvas appear here."
        }
      />
    </>
  );
}
