import { useQuery } from "@tanstack/react-query";
import { Space, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { listCouponTemplates } from "../../api/catalog";
import type { CouponTemplate } from "../../api/types";
import { ListCard } from "../../components/ListCard";
import { channelLabel, formatCurrency, formatDateTime, formatNumber, humanize } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";

function describeTerms(row: CouponTemplate): string {
  const terms = row.terms ?? {};
  const threshold = terms.threshold as number | string | undefined;
  const prefix = threshold ? `Spend ${formatCurrency(threshold)}, ` : "";
  if (row.kind === "amount_off" && terms.amount !== undefined) {
    return `${prefix}${formatCurrency(terms.amount as number | string)} off`;
  }
  if (row.kind === "percent_off" && terms.percent !== undefined) {
    return `${prefix}${String(terms.percent)}% off`;
  }
  return humanize(row.kind);
}

const columns: ColumnsType<CouponTemplate> = [
  {
    title: "Coupon",
    dataIndex: "name",
    render: (name: string, row) => (
      <>
        <Typography.Text strong>{name}</Typography.Text>
        <div className="muted mono">{row.key}</div>
      </>
    ),
  },
  { title: "Offer", key: "terms", render: (_: unknown, row) => describeTerms(row) },
  { title: "Stock", dataIndex: "stock_total", align: "right", render: (n: number | null | undefined) => (n == null ? "Unlimited" : formatNumber(n)) },
  { title: "Per member", dataIndex: "per_member_limit", align: "right", render: (n?: number) => formatNumber(n) },
  {
    title: "Channels",
    dataIndex: "channels",
    render: (channels?: string[]) => (
      <Space size={[0, 4]} wrap>
        {(channels ?? []).map((c) => (
          <Tag key={c}>{channelLabel(c)}</Tag>
        ))}
      </Space>
    ),
  },
  { title: "Last change", dataIndex: "updated_at", width: 180, render: (v?: string) => formatDateTime(v) },
];

export function CouponsPage() {
  const query = useQuery({
    queryKey: ["coupon-templates"],
    queryFn: ({ signal }) => listCouponTemplates(signal).then((d) => d.templates),
  });
  return (
    <>
      <PageHeader title="Coupons 优惠券" subtitle="Coupon templates that journeys grant to members." />
      <ListCard<CouponTemplate>
        query={query}
        columns={columns}
        rowKey="key"
        emptyTitle="No coupon templates yet"
        emptyText="Coupon templates set the offer (such as spend ¥200, get ¥50 off), stock, per-member limit and validity. Journeys grant them by key; members redeem them online or at the POS."
      />
    </>
  );
}
