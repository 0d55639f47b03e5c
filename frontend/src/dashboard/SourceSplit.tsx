import { Card, Table, Typography } from "antd";
import type { Figure, SourceFigures } from "../api/dashboard";
import { formatCurrency, formatNumber } from "../format/format";
import { formatChange, formatPercent, sourceLabel } from "./figures";

type SourceFigure = Exclude<keyof SourceFigures, "channel">;

const COLUMNS: { name: SourceFigure; title: string; format: (value: number | null) => string }[] = [
  { name: "new_members", title: "New members", format: formatNumber },
  { name: "active_30", title: "Active, 30 days", format: formatNumber },
  { name: "payers", title: "Paying members", format: formatNumber },
  { name: "repurchase_rate", title: "Repurchase rate", format: formatPercent },
  { name: "paid_orders", title: "Paid orders", format: formatNumber },
  { name: "paid_amount", title: "Paid amount", format: formatCurrency },
];

function Cell({ figure, format }: { figure: Figure; format: (value: number | null) => string }) {
  return (
    <span title={`previous ${format(figure.previous)}`}>
      {format(figure.value)} <Typography.Text type="secondary">{formatChange(figure)}</Typography.Text>
    </span>
  );
}

/** The period's figures per registration channel, each with its change. */
export function SourceSplit({ sources }: { sources: SourceFigures[] }) {
  return (
    <Card
      title="By registration source"
      extra={<Typography.Text type="secondary">members' registration channel; change against the previous period</Typography.Text>}
      data-testid="dashboard-sources"
    >
      <Table<SourceFigures>
        size="small"
        rowKey={(row) => row.channel ?? ""}
        pagination={false}
        dataSource={sources}
        locale={{ emptyText: "No member registered or paid in either period" }}
        columns={[
          { title: "Channel", dataIndex: "channel", render: (channel: string | null) => sourceLabel(channel) },
          ...COLUMNS.map((c) => ({
            title: c.title,
            key: c.name,
            align: "right" as const,
            render: (_: unknown, row: SourceFigures) => <Cell figure={row[c.name]} format={c.format} />,
          })),
        ]}
      />
    </Card>
  );
}
