import type { RfmSegment } from "../../api/audiences";

export const NOT_SCORED = "Not scored";

/** The segment's name as shown: members never scored have none. */
export function segmentLabel(segment: string | null): string {
  return segment ?? NOT_SCORED;
}

/** The few segments that bring most of the revenue, with their share of members and revenue. */
export interface Insight {
  segments: string[];
  memberShare: number;
  revenueShare: number;
}

/**
 * The smallest run of segments, richest per member first, that together bring at least
 * `target` of the revenue — "26% of members bring 63% of revenue". Null without revenue.
 */
export function revenueInsight(segments: readonly RfmSegment[], target = 0.5): Insight | null {
  const ranked = segments
    .filter((s) => s.segment !== null && s.members > 0 && s.revenue_share > 0)
    .sort((a, b) => b.revenue_share / b.member_share - a.revenue_share / a.member_share);
  const chosen: RfmSegment[] = [];
  let revenueShare = 0;
  for (const s of ranked) {
    chosen.push(s);
    revenueShare += s.revenue_share;
    if (revenueShare >= target) break;
  }
  if (!chosen.length) return null;
  return {
    segments: chosen.map((s) => segmentLabel(s.segment)),
    memberShare: chosen.reduce((n, s) => n + s.member_share, 0),
    revenueShare,
  };
}

export interface ChartRow {
  segment: string;
  memberShare: number;
  revenueShare: number;
}

/** Bars per segment in percent; empty segments are left out, so the chart shows who is there. */
export function chartRows(segments: readonly RfmSegment[]): ChartRow[] {
  return segments
    .filter((s) => s.members > 0)
    .map((s) => ({
      segment: segmentLabel(s.segment),
      memberShare: Math.round(s.member_share * 1000) / 10,
      revenueShare: Math.round(s.revenue_share * 1000) / 10,
    }));
}

/** 0.2634 → "26%"; shares under 1% keep one decimal ("0.4%"). */
export function percent(share: number): string {
  const value = share * 100;
  if (value > 0 && value < 1) return `${value.toFixed(1)}%`;
  return `${Math.round(value)}%`;
}

/** "A", "A and B", "A, B and C". */
export function joinNames(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}
