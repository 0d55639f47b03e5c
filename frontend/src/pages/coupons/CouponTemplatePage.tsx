import { ArrowLeftOutlined, EditOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Card, Descriptions, Skeleton, Space, Tag } from "antd";
import { useMemo, useState } from "react";
import { Link, useParams } from "react-router";
import { getCouponTemplate } from "../../api/coupons";
import { useSession } from "../../auth/useSession";
import { ErrorAlert } from "../../components/ErrorAlert";
import { StatusTag } from "../../components/StatusTag";
import { channelLabel, formatDateTime, formatNumber } from "../../format/format";
import { PageHeader } from "../../layout/PageHeader";
import { CouponHistoryDrawer } from "./CouponHistoryDrawer";
import { CouponsTable } from "./CouponsTable";
import { CouponTemplateModal } from "./CouponTemplateModal";
import { CouponUsageStats } from "./CouponUsageStats";
import { couponUsage, describeTerms, describeValidity } from "./terms";
import { useTemplateCoupons } from "./useTemplateCoupons";

/** One coupon template: its terms, usage and every coupon granted from it. */
export function CouponTemplatePage() {
  const { key = "" } = useParams();
  const { user } = useSession();
  const [editing, setEditing] = useState(false);
  const [openCode, setOpenCode] = useState<string | null>(null);
  const template = useQuery({
    queryKey: ["coupon-template", key],
    queryFn: ({ signal }) => getCouponTemplate(key, signal).then((d) => d.template),
  });
  const coupons = useTemplateCoupons(key);
  const usage = useMemo(() => couponUsage(coupons.data?.coupons ?? []), [coupons.data]);
  const canWrite = user?.role === "admin" || user?.role === "marketer";
  const back = (
    <Link to="/coupons">
      <ArrowLeftOutlined /> Coupons
    </Link>
  );

  if (template.isLoading) {
    return <Skeleton active paragraph={{ rows: 8 }} />;
  }
  if (template.error || !template.data) {
    return (
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        {back}
        <ErrorAlert error={template.error} />
      </Space>
    );
  }
  const t = template.data;
  return (
    <>
      {back}
      <PageHeader
        title={t.name}
        subtitle={describeTerms(t.kind, t.terms)}
        extra={
          canWrite ? (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              Edit template
            </Button>
          ) : null
        }
      />
      <Space direction="vertical" size={16} style={{ width: "100%" }}>
        <Card>
          <Descriptions column={{ xs: 1, md: 2, xl: 3 }} size="small">
            <Descriptions.Item label="Key">
              <span className="mono">{t.key}</span>
            </Descriptions.Item>
            <Descriptions.Item label="Validity">{describeValidity(t.validity)}</Descriptions.Item>
            <Descriptions.Item label="Status">
              <StatusTag status={t.active ? "active" : "inactive"} />
            </Descriptions.Item>
            <Descriptions.Item label="Stock">
              {t.stock_total === null
                ? "Unlimited"
                : `${formatNumber(t.stock_left)} left of ${formatNumber(t.stock_total)}`}
            </Descriptions.Item>
            <Descriptions.Item label="Per member">{formatNumber(t.per_member_limit)}</Descriptions.Item>
            <Descriptions.Item label="Redeemable at">
              {t.channels.map((c) => (
                <Tag key={c}>{channelLabel(c)}</Tag>
              ))}
            </Descriptions.Item>
            <Descriptions.Item label="Last change">{formatDateTime(t.updated_at)}</Descriptions.Item>
          </Descriptions>
        </Card>
        {coupons.isLoading ? (
          <Card>
            <Skeleton active paragraph={{ rows: 6 }} />
          </Card>
        ) : coupons.error ? (
          <ErrorAlert error={coupons.error} />
        ) : (
          <>
            <CouponUsageStats usage={usage} />
            <CouponsTable coupons={coupons.data?.coupons ?? []} complete={coupons.data?.complete ?? true} onOpen={setOpenCode} />
          </>
        )}
      </Space>
      <CouponHistoryDrawer code={openCode} onClose={() => setOpenCode(null)} />
      {editing ? <CouponTemplateModal open template={t} onClose={() => setEditing(false)} /> : null}
    </>
  );
}
