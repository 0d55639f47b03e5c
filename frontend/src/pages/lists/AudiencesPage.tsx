import { useQuery } from "@tanstack/react-query";
import { Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { listAudiences } from "../../api/catalog";
import type { Audience } from "../../api/types";
import { ListCard } from "../../components/ListCard";
import { EMPTY, formatDateTime, formatNumber } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";

const columns: ColumnsType<Audience> = [
  {
    title: "Audience",
    dataIndex: "name",
    render: (name: string, row) => (
      <>
        <Typography.Text strong>{name}</Typography.Text>
        <div className="muted mono">{row.key}</div>
      </>
    ),
  },
  { title: "Description", dataIndex: "description", ellipsis: true, render: (d: string) => d || EMPTY },
  {
    title: "Last size",
    dataIndex: "last_size",
    align: "right",
    width: 140,
    render: (n: number | null) => (n == null ? <span className="muted">Not counted yet</span> : formatNumber(n)),
  },
  { title: "Last change", dataIndex: "updated_at", width: 180, render: (v: string) => formatDateTime(v) },
];

export function AudiencesPage() {
  const query = useQuery({
    queryKey: ["audiences"],
    queryFn: ({ signal }) => listAudiences(signal).then((d) => d.audiences),
  });
  return (
    <>
      <PageHeader title="Audiences 人群" subtitle="Saved groups of members, defined by rules on profile, behaviour and tags." />
      <ListCard<Audience>
        query={query}
        columns={columns}
        rowKey="key"
        emptyTitle="No audiences yet"
        emptyText="Audiences are saved member groups — for example gold members in Shanghai who have not ordered in 30 days. Journeys use them to decide who enters and who takes which branch."
      />
    </>
  );
}
