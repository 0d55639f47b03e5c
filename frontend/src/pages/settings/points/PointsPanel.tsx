import { Space } from "antd";
import { EarningRules } from "./EarningRules";
import { Multipliers } from "./Multipliers";
import { TierThresholds } from "./TierThresholds";

/** Points earning rules, multipliers and tier thresholds. */
export function PointsPanel({ canEdit }: { canEdit: boolean }) {
  return (
    <Space direction="vertical" size={16} style={{ width: "100%" }}>
      <TierThresholds canEdit={canEdit} />
      <EarningRules canEdit={canEdit} />
      <Multipliers canEdit={canEdit} />
    </Space>
  );
}
