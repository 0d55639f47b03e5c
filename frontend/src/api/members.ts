import { api, queryString } from "./client";
import type { MemberPage, MemberProfile } from "./types";

export interface MemberQuery {
  q?: string;
  tier?: string;
  segment?: string;
  after?: string | null;
  before?: string | null;
  limit?: number;
}

export const PAGE_SIZE = 50;

export function listMembers(query: MemberQuery, signal?: AbortSignal): Promise<MemberPage> {
  const params = queryString({
    q: query.q?.trim(),
    tier: query.tier,
    segment: query.segment,
    limit: query.limit ?? PAGE_SIZE,
    after: query.after,
    before: query.before,
  });
  return api.get<MemberPage>(`/api/members${params}`, signal);
}

export function getMember(id: string, signal?: AbortSignal): Promise<MemberProfile> {
  return api.get<MemberProfile>(`/api/members/${encodeURIComponent(id)}`, signal);
}
