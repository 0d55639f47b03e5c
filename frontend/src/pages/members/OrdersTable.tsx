import { Card, Table, Tag } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { MemberOrder, OrderItem } from "../../api/types";
import { channelLabel, EMPTY, formatCurrency, formatDateTime, formatNumber } from "../../format/format";

const itemColumns: ColumnsType<OrderItem> = [
  { title: "SKU", dataIndex: "sku", render: (v: string | null) => <span className="mono">{v || EMPTY}</span> },
  { title: "Product", dataIndex: "product", render: (v: string | null) => v || EMPTY },
  { title: "Category", dataIndex: "category", render: (v: string | null) => v || EMPTY },
  { title: "Qty", dataIndex: "quantity", align: "right", render: (n: number) => formatNumber(n) },
  { title: "Unit price", dataIndex: "unit_price", align: "right", render: (v: string) => formatCurrency(v) },
];

const orderColumns: ColumnsType<MemberOrder> = [
  { title: "Order", dataIndex: "external_id", render: (v: string) => <span className="mono">{v}</span> },
  { title: "Paid", dataIndex: "paid_at", render: (v: string) => formatDateTime(v) },
  { title: "Amount", dataIndex: "amount", align: "right", render: (v: string) => formatCurrency(v) },
  { title: "Discount", dataIndex: "discount", align: "right", render: (v: string) => formatCurrency(v) },
  { title: "Channel", dataIndex: "channel", render: (v: string) => channelLabel(v) },
  { title: "Store", dataIndex: "store", render: (v: string | null) => v || EMPTY },
  { title: "Coupon", dataIndex: "coupon_code", render: (v: string | null) => (v ? <Tag>{v}</Tag> : EMPTY) },
  { title: "Items", key: "items", align: "right", render: (_: unknown, row) => formatNumber(row.items.length) },
];

/** Recent orders; each row opens to show its items. */
export function OrdersTable({ orders }: { orders: MemberOrder[] }) {
  return (
    <Card title="Recent orders" size="small">
      <Table<MemberOrder>
        rowKey="external_id"
        size="small"
        columns={orderColumns}
        dataSource={orders}
        pagination={false}
        scroll={{ x: 800 }}
        locale={{ emptyText: "This member has no orders yet." }}
        expandable={{
          defaultExpandedRowKeys: orders.slice(0, 1).map((o) => o.external_id),
          rowExpandable: (row) => row.items.length > 0,
          expandedRowRender: (row) => (
            <Table<OrderItem>
              rowKey={(item) => `${item.sku ?? ""}-${item.product ?? ""}-${item.unit_price}`}
              size="small"
              columns={itemColumns}
              dataSource={row.items}
              pagination={false}
            />
          ),
        }}
      />
    </Card>
  );
}
