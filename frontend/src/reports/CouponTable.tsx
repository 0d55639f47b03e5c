import { Table } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { CouponBlock } from "../api/reports";
import { EmptyState } from "../components/EmptyState";
import { formatCurrency, formatNumber } from "../format/format";
import { type CouponRow, couponRows, formatRate } from "./figures";

const columns: ColumnsType<CouponRow> = [
  { title: "Member type at the grant", dataIndex: "label", render: (label: string, row) => (row.key === "all" ? <strong>{label}</strong> : label) },
  { title: "Issued", dataIndex: "issued", align: "right", render: formatNumber },
  { title: "Claimed", dataIndex: "claimed", align: "right", render: formatNumber },
  { title: "Used", dataIndex: "used", align: "right", render: formatNumber },
  { title: "Usage rate", dataIndex: "usage_rate", align: "right", render: formatRate },
  { title: "Sales with coupon", dataIndex: "sales_with_coupon", align: "right", render: formatCurrency },
  { title: "Paid with coupon", dataIndex: "paid_with_coupon", align: "right", render: formatCurrency },
];

/** The coupons this journey granted: all of them, then by the member's type at the grant. */
export function CouponTable({ coupons }: { coupons: CouponBlock }) {
  if (coupons.issued === 0) {
    return (
      <EmptyState
        title="This journey granted no coupons in this period"
        description="Coupons granted by the journey's coupon nodes are counted here, with their use split by first-order and repurchasing members."
      />
    );
  }
  return (
    <Table<CouponRow>
      data-testid="coupon-table"
      size="small"
      rowKey="key"
      pagination={false}
      columns={columns}
      dataSource={couponRows(coupons)}
      rowClassName={(row) => (row.key === "all" ? "report-total-row" : "")}
    />
  );
}
