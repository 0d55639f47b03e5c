import { Space, Tag, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { CouponTemplate } from "../../api/coupons";
import { StatusTag } from "../../components/StatusTag";
import { channelLabel, formatDateTime, formatNumber } from "../../format/format";
import { describeTerms, describeValidity } from "./terms";

export const templateColumns: ColumnsType<CouponTemplate> = [
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
  {
    title: "Offer",
    key: "terms",
    render: (_: unknown, row) => (
      <>
        <div data-testid="coupon-offer">{describeTerms(row.kind, row.terms)}</div>
        <div className="muted">{describeValidity(row.validity)}</div>
      </>
    ),
  },
  { title: "Issued", dataIndex: "issued_count", align: "right", width: 100, render: (n: number) => formatNumber(n) },
  {
    title: "Stock left",
    dataIndex: "stock_left",
    align: "right",
    width: 130,
    render: (n: number | null, row) =>
      n === null ? "Unlimited" : `${formatNumber(n)} of ${formatNumber(row.stock_total)}`,
  },
  { title: "Per member", dataIndex: "per_member_limit", align: "right", width: 110, render: (n: number) => formatNumber(n) },
  {
    title: "Redeemable",
    dataIndex: "channels",
    width: 150,
    render: (channels: string[]) => (
      <Space size={[0, 4]} wrap>
        {channels.map((c) => (
          <Tag key={c}>{channelLabel(c)}</Tag>
        ))}
      </Space>
    ),
  },
  {
    title: "Status",
    dataIndex: "active",
    width: 100,
    render: (active: boolean) => <StatusTag status={active ? "active" : "inactive"} />,
  },
  { title: "Last change", dataIndex: "updated_at", width: 160, render: (v: string | null) => formatDateTime(v) },
];
