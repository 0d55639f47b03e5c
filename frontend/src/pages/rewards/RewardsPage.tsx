import { PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Flex } from "antd";
import type { ColumnsType } from "antd/es/table";
import { useState } from "react";
import { listRewards, type Reward } from "../../api/rewards";
import { useSession } from "../../auth/useSession";
import { ListCard } from "../../components/ListCard";
import { PageHeader } from "../../layout/PageHeader";
import { PointsReportCard } from "./PointsReportCard";
import { RedeemModal } from "./RedeemModal";
import { RewardModal } from "./RewardModal";
import { rewardColumns } from "./rewardColumns";

/** The points rewards catalogue: rewards with price, stock and limits, and the programme's
 * points report; marketers add and edit rewards, admins redeem for a member. */
export function RewardsPage() {
  const { user } = useSession();
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<Reward | undefined>();
  const [redeeming, setRedeeming] = useState<Reward | null>(null);
  const query = useQuery({
    queryKey: ["rewards", "list"],
    queryFn: ({ signal }) => listRewards(signal).then((d) => d.rewards),
  });
  const canWrite = user?.role === "admin" || user?.role === "marketer";
  const columns: ColumnsType<Reward> =
    user?.role === "admin"
      ? [
          ...rewardColumns,
          {
            title: "",
            key: "redeem",
            width: 120,
            render: (_: unknown, row) => (
              <Button
                size="small"
                onClick={(e) => {
                  e.stopPropagation();
                  setRedeeming(row);
                }}
              >
                Redeem for…
              </Button>
            ),
          },
        ]
      : rewardColumns;
  return (
    <>
      <PageHeader
        title="Rewards 积分商城"
        subtitle="What members can buy with their points: coupons, products and lottery entries."
        extra={
          canWrite ? (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              New reward
            </Button>
          ) : null
        }
      />
      <Flex vertical gap={16}>
        <ListCard<Reward>
          title="Catalogue"
          query={query}
          columns={columns}
          rowKey="key"
          emptyTitle="No rewards yet"
          emptyText="A reward sets what members get (a coupon, a product or a lottery entry), its price in points, stock, per-member limit, the tiers that may redeem it and when. Members redeem through the app; each redemption takes points, stock and grants the reward at once."
          onRowClick={canWrite ? (row) => setEditing(row) : undefined}
        />
        <PointsReportCard />
      </Flex>
      <RewardModal open={creating} onClose={() => setCreating(false)} />
      {editing ? <RewardModal open reward={editing} onClose={() => setEditing(undefined)} /> : null}
      <RedeemModal reward={redeeming} onClose={() => setRedeeming(null)} />
    </>
  );
}
