import { Space, Typography } from "antd";
import type { ColumnsType } from "antd/es/table";
import type { Reward } from "../../api/rewards";
import { StatusTag } from "../../components/StatusTag";
import { TierTag } from "../../components/TierTag";
import { formatNumber } from "../../format/format";
import { describeReward, describeStock, describeWindow } from "./rewardForm";

export const rewardColumns: ColumnsType<Reward> = [
  {
    title: "Reward",
    dataIndex: "name",
    width: 220,
    render: (name: string, row) => (
      <>
        <Typography.Text strong>{name}</Typography.Text>
        <div className="muted mono">{row.key}</div>
      </>
    ),
  },
  {
    title: "Gives",
    key: "gives",
    width: 240,
    render: (_: unknown, row) => (
      <>
        <div>{describeReward(row)}</div>
        <div className="muted">{describeWindow(row)}</div>
      </>
    ),
  },
  {
    title: "Points",
    dataIndex: "points_price",
    align: "right",
    width: 100,
    render: (n: number) => formatNumber(n),
  },
  {
    title: "Stock",
    key: "stock",
    align: "right",
    width: 150,
    render: (_: unknown, row) => <span data-testid="reward-stock">{describeStock(row)}</span>,
  },
  {
    title: "Redeemed",
    dataIndex: "redeemed_count",
    align: "right",
    width: 100,
    render: (n: number) => formatNumber(n),
  },
  {
    title: "Per member",
    dataIndex: "per_member_limit",
    align: "right",
    width: 100,
    render: (n: number | null) => (n === null ? "Unlimited" : formatNumber(n)),
  },
  {
    title: "Tiers",
    dataIndex: "tiers",
    render: (tiers: string[]) =>
      tiers.length === 0 ? (
        <span className="muted">All tiers</span>
      ) : (
        <Space size={[0, 4]} wrap>
          {tiers.map((t) => (
            <TierTag key={t} tier={t} />
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
];
