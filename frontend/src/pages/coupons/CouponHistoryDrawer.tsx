import { useQuery } from "@tanstack/react-query";
import { Descriptions, Drawer, Skeleton, Timeline, Typography } from "antd";
import { getCoupon } from "../../api/coupons";
import { ErrorAlert } from "../../components/ErrorAlert";
import { channelLabel, formatCurrency, formatDateTime } from "../../format/format";
import { CouponStatusTag } from "./couponStatus";

function detailText(detail: unknown): string | null {
  if (!detail) {
    return null;
  }
  if (typeof detail === "string") {
    return detail;
  }
  if (typeof detail === "object") {
    return Object.entries(detail as Record<string, unknown>)
      .map(([k, v]) => `${k.replace(/_/g, " ")}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
      .join(" · ");
  }
  return String(detail);
}

/** One coupon and every status it went through. */
export function CouponHistoryDrawer({ code, onClose }: { code: string | null; onClose: () => void }) {
  const query = useQuery({
    queryKey: ["coupon", code],
    queryFn: ({ signal }) => getCoupon(code ?? "", signal),
    enabled: code !== null,
  });
  let body;
  if (query.isLoading) {
    body = <Skeleton active />;
  } else if (query.error) {
    body = <ErrorAlert error={query.error} />;
  } else if (query.data) {
    const { coupon, history } = query.data;
    body = (
      <>
        <Descriptions column={1} size="small" bordered style={{ marginBottom: 24 }}>
          <Descriptions.Item label="Status">
            <CouponStatusTag status={coupon.status} />
          </Descriptions.Item>
          <Descriptions.Item label="Member">{coupon.member_external_id ?? `#${coupon.member_id}`}</Descriptions.Item>
          <Descriptions.Item label="Valid">
            {formatDateTime(coupon.valid_from)} – {formatDateTime(coupon.valid_until)}
          </Descriptions.Item>
          {coupon.order_id ? (
            <Descriptions.Item label="Order">
              {coupon.order_id} · {formatCurrency(coupon.order_amount)} · {channelLabel(coupon.redeem_channel)} ·{" "}
              {formatCurrency(coupon.discount)} off
            </Descriptions.Item>
          ) : null}
          <Descriptions.Item label="Source">
            <span className="mono">{coupon.source}</span>
          </Descriptions.Item>
        </Descriptions>
        <Typography.Title level={5}>History</Typography.Title>
        <Timeline
          data-testid="coupon-history"
          items={history.map((h) => ({
            children: (
              <>
                <CouponStatusTag status={h.status} /> <span className="muted">{formatDateTime(h.at)}</span>
                {detailText(h.detail) ? <div className="muted">{detailText(h.detail)}</div> : null}
              </>
            ),
          }))}
        />
      </>
    );
  }
  return (
    <Drawer title={code ? <span className="mono">{code}</span> : null} open={code !== null} onClose={onClose} width={480}>
      {body}
    </Drawer>
  );
}
