import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { ChannelBlock } from "../api/reports";
import { EmptyState } from "../components/EmptyState";
import { formatCurrency, formatNumber } from "../format/format";
import { type ChannelRow, channelRows, formatMultiple, formatRate } from "./figures";

const count = (value: number) => formatNumber(value);

const columns: ColumnsType<ChannelRow> = [
  { title: "Channel", dataIndex: "label" },
  { title: "Queued", dataIndex: "queued", align: "right", render: count },
  { title: "Sent", dataIndex: "sent", align: "right", render: count },
  {
    title: "Delivered",
    dataIndex: "delivered",
    align: "right",
    render: (v: number, row) => (
      <>
        {count(v)} <span className="muted">{formatRate(row.deliveryRate)}</span>
      </>
    ),
  },
  {
    title: "Opened",
    dataIndex: "opened",
    align: "right",
    render: (v: number, row) => (
      <>
        {count(v)} <span className="muted">{formatRate(row.openRate)}</span>
      </>
    ),
  },
  {
    title: "Clicked",
    dataIndex: "clicked",
    align: "right",
    render: (v: number, row) => (
      <>
        {count(v)} <span className="muted">{formatRate(row.clickRate)}</span>
      </>
    ),
  },
  { title: "Unsubscribed", dataIndex: "unsubscribed", align: "right", render: count },
  { title: "Cost", dataIndex: "cost", align: "right", render: formatCurrency },
];

/** Messages per channel, from queued to clicked, their cost, and the journey's return on spend. */
export function ChannelTable({ channels }: { channels: ChannelBlock }) {
  const rows = channelRows(channels);
  if (rows.length === 0) {
    return <EmptyState title="This journey sent no messages in this period" description="Each channel the journey sends on gets a row: sent, delivered, opened, clicked, unsubscribed and cost." />;
  }
  return (
    <>
      <Table<ChannelRow> data-testid="channel-table" size="small" rowKey="channel" pagination={false} columns={columns} dataSource={rows} />
      <div className="report-footnote" data-testid="channel-totals">
        SMS cost <strong>{formatCurrency(channels.sms_cost)}</strong> · return on spend <strong>{formatMultiple(channels.return_on_spend)}</strong>
        <span className="muted"> (attributed paid amount ÷ (SMS cost + coupon discount))</span>
      </div>
    </>
  );
}
