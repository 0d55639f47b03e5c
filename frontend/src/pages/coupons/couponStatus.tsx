import { Tag } from "antd";
import { humanize } from "../../format/format";

const COLORS: Record<string, string> = {
  granted: "blue",
  claimed: "geekblue",
  redeemed: "green",
  expired: "default",
  void: "red",
};

export const COUPON_STATUSES = Object.keys(COLORS);

export function CouponStatusTag({ status }: { status: string }) {
  return <Tag color={COLORS[status] ?? "default"}>{humanize(status)}</Tag>;
}
