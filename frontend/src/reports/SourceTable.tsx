import { useQuery } from "@tanstack/react-query";
import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import { getJourneySourceSplit, type ReportParams, type SourceMemberFigures } from "../api/reports";
import { ErrorAlert } from "../components/ErrorAlert";
import { EmptyState } from "../components/EmptyState";
import { sourceLabel } from "../dashboard/figures";
import { formatCurrency, formatNumber } from "../format/format";

const count = (value: number) => formatNumber(value);
const money = (value: number) => formatCurrency(value);

const columns: ColumnsType<SourceMemberFigures> = [
  { title: "Registration channel", dataIndex: "channel", render: (channel: string | null) => sourceLabel(channel) },
  { title: "Entered", dataIndex: "entered_members", align: "right", render: count },
  { title: "Paying members", dataIndex: "paying_members", align: "right", render: count },
  { title: "Paid orders", dataIndex: "paid_orders", align: "right", render: count },
  { title: "Paid amount", dataIndex: "paid_amount", align: "right", render: money },
  { title: "First orders", dataIndex: "first_order_members", align: "right", render: count },
  { title: "Repurchasers", dataIndex: "repurchase_members", align: "right", render: count },
  { title: "Coupon discount", dataIndex: "coupon_discount", align: "right", render: money },
];

/** The report's member figures per registration channel of the members, read on their own
 * (they count every credited order and entrant, where the report reads kept sums). */
export function SourceTable({ journeyKey, params }: { journeyKey: string; params: ReportParams }) {
  const query = useQuery({
    queryKey: ["journey-report-by-source", journeyKey, params],
    queryFn: ({ signal }) => getJourneySourceSplit(journeyKey, params, signal),
  });
  if (query.error) {
    return <ErrorAlert error={query.error} />;
  }
  const rows = query.data?.by_source;
  if (!rows) {
    return <Table<SourceMemberFigures> size="small" loading pagination={false} dataSource={[]} columns={columns} />;
  }
  if (rows.length === 0) {
    return <EmptyState title="No members in this period" description="No member entered the journey or was credited with an order in this period." />;
  }
  return <Table<SourceMemberFigures> size="small" rowKey={(row) => row.channel ?? ""} pagination={false} dataSource={rows} columns={columns} />;
}
