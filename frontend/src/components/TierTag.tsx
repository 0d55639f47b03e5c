import { Tag } from "antd";
import { humanize } from "../format/format";

const TIER_COLORS: Record<string, string> = {
  basic: "default",
  silver: "geekblue",
  gold: "gold",
  platinum: "purple",
  diamond: "cyan",
};

export const TIERS = Object.keys(TIER_COLORS);

export function TierTag({ tier }: { tier: string | null | undefined }) {
  if (!tier) {
    return null;
  }
  return <Tag color={TIER_COLORS[tier] ?? "default"}>{humanize(tier)}</Tag>;
}
