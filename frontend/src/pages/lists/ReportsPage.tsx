import { useQuery } from "@tanstack/react-query";
import { Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useNavigate, useSearchParams } from "react-router";
import { queryString } from "../../api/client";
import type { ProgramParams } from "../../api/program";
import { listJourneys } from "../../api/catalog";
import type { JourneySummary } from "../../api/types";
import { ListCard } from "../../components/ListCard";
import { StatusTag } from "../../components/StatusTag";
import { formatDateTime } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";
import { paramsFromSearch } from "../../reports/figures";
import { ProgramSection } from "../../reports/ProgramSection";

const REPORTED = new Set(["published", "paused", "archived"]);

const columns: ColumnsType<JourneySummary> = [
  {
    title: "Journey",
    dataIndex: "name",
    render: (name: string, row) => (
      <>
        <Typography.Text strong>{name}</Typography.Text>
        <div className="muted mono">{row.key}</div>
      </>
    ),
  },
  { title: "Status", dataIndex: "status", width: 130, render: (s: string) => <StatusTag status={s} /> },
  { title: "Version", dataIndex: "version", width: 100, align: "right", render: (v: number | null) => (v == null ? "—" : `v${v}`) },
  { title: "Owner", dataIndex: "owner", width: 200 },
  { title: "Last change", dataIndex: "updated_at", width: 180, render: (v: string) => formatDateTime(v) },
];

/** The program against the control group, then the journeys that have gone live; a row opens
 * its effect report. */
export function ReportsPage() {
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const { from, to } = paramsFromSearch(search);
  const setPeriod = (next: ProgramParams) => setSearch(queryString({ ...next }).slice(1), { replace: true });
  const query = useQuery({
    queryKey: ["journeys"],
    queryFn: ({ signal }) => listJourneys(signal).then((d) => d.journeys),
    select: (journeys) => journeys.filter((j) => REPORTED.has(j.status)),
  });
  return (
    <>
      <PageHeader
        title="Reports 报表"
        subtitle="What the program adds against the control group, and the effect of every journey that has gone live."
      />
      <ProgramSection params={{ from, to }} onChange={setPeriod} />
      <ListCard<JourneySummary>
        title="Journeys"
        query={query}
        columns={columns}
        rowKey="key"
        onRowClick={(row) => navigate(`/reports/${encodeURIComponent(row.key)}`)}
        emptyTitle="No journey reports yet"
        emptyText="No journey has been published yet. Once one is, its report shows ordering and paying members, paid orders and amount, coupon use, first orders and repurchases — per journey, node, arm and day."
      />
    </>
  );
}
