import { Card, Flex, Select, Table, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useMemo, useState } from "react";
import { Link } from "react-router";
import type { Coupon } from "../../api/coupons";
import { EmptyState } from "../../components/EmptyState";
import { channelLabel, formatCurrency, formatDateTime, humanize } from "../../format/format";
import { COUPON_STATUSES, CouponStatusTag } from "./couponStatus";

interface Props {
  coupons: Coupon[];
  complete: boolean;
  onOpen: (code: string) => void;
}

/** The coupons of one template, filterable by status; a code opens its history. */
export function CouponsTable({ coupons, complete, onOpen }: Props) {
  const [status, setStatus] = useState<string | undefined>();
  const rows = useMemo(() => (status ? coupons.filter((c) => c.status === status) : coupons), [coupons, status]);
  const columns: ColumnsType<Coupon> = [
    {
      title: "Code",
      dataIndex: "code",
      render: (code: string) => (
        <Typography.Link className="mono" onClick={() => onOpen(code)}>
          {code}
        </Typography.Link>
      ),
    },
    {
      title: "Member",
      dataIndex: "member_id",
      render: (id: number, c) => <Link to={`/members/${id}`}>{c.member_external_id ?? `#${id}`}</Link>,
    },
    { title: "Status", dataIndex: "status", width: 110, render: (s: string) => <CouponStatusTag status={s} /> },
    { title: "Granted", dataIndex: "granted_at", width: 150, render: (v: string | null) => formatDateTime(v) },
    { title: "Valid until", dataIndex: "valid_until", width: 150, render: (v: string | null) => formatDateTime(v) },
    {
      title: "Redeemed",
      key: "redeemed",
      render: (_: unknown, c) =>
        c.redeemed_at ? (
          <>
            {formatDateTime(c.redeemed_at)}
            <div className="muted">
              {c.order_id} · {channelLabel(c.redeem_channel)} · {formatCurrency(c.discount)} off
            </div>
          </>
        ) : (
          "—"
        ),
    },
    { title: "Source", dataIndex: "source", ellipsis: true, render: (s: string) => <span className="muted mono">{s}</span> },
  ];
  return (
    <Card
      title="Coupons"
      extra={
        <Flex gap={8} align="center">
          {!complete ? <Typography.Text type="secondary">Showing the first {coupons.length.toLocaleString("en-US")}</Typography.Text> : null}
          <Select
            allowClear
            placeholder="All statuses"
            style={{ width: 160 }}
            value={status}
            onChange={setStatus}
            options={COUPON_STATUSES.map((s) => ({ value: s, label: humanize(s) }))}
            aria-label="Filter by status"
          />
        </Flex>
      }
    >
      {coupons.length === 0 ? (
        <EmptyState
          title="No coupons granted yet"
          description="Coupons appear here once a journey's coupon step or the grants API gives this template to members."
        />
      ) : (
        <Table<Coupon>
          rowKey="code"
          size="middle"
          columns={columns}
          dataSource={rows}
          pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
        />
      )}
    </Card>
  );
}
