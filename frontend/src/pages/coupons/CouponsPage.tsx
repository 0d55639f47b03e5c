import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { listCouponTemplates, type CouponTemplate } from "../../api/coupons";
import { useSession } from "../../auth/useSession";
import { ListCard } from "../../components/ListCard";
import { PageHeader } from "../../layout/PageHeader";
import { CodePoolsSection } from "./CodePoolsSection";
import { CouponTemplateModal } from "./CouponTemplateModal";
import { templateColumns } from "./couponColumns";

export const COUPON_TEMPLATES_KEY = ["coupon-templates"] as const;

/** Every coupon template with its offer, stock and issued count; marketers add new ones. */
export function CouponsPage() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  const query = useQuery({
    queryKey: COUPON_TEMPLATES_KEY,
    queryFn: ({ signal }) => listCouponTemplates(signal).then((d) => d.templates),
  });
  const canWrite = user?.role === "admin" || user?.role === "marketer";
  return (
    <>
      <PageHeader
        title="Coupons 优惠券"
        subtitle="Coupon templates that journeys grant to members, and how their coupons are used."
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              New coupon template
            </Button>
          ) : null
        }
      />
      <ListCard<CouponTemplate>
        query={query}
        columns={templateColumns}
        rowKey="key"
        emptyTitle="No coupon templates yet"
        emptyText="Coupon templates set the offer (such as spend ¥200, get ¥50 off), stock, per-member limit and validity. Journeys grant them by key; members redeem them online or at the POS."
        onRowClick={(row) => navigate(`/coupons/${encodeURIComponent(row.key)}`)}
      />
      <CodePoolsSection />
      <CouponTemplateModal open={creating} onClose={() => setCreating(false)} />
    </>
  );
}
