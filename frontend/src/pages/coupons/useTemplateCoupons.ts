import { useQuery } from "@tanstack/react-query";
import { listCoupons, type Coupon } from "../../api/coupons";

const PAGE = 500;
/** Usage is counted over at most this many coupons (the newest beyond it are not loaded). */
export const MAX_COUPONS = 20_000;

export interface TemplateCoupons {
  coupons: Coupon[];
  complete: boolean;
}

async function loadAll(template: string, signal: AbortSignal): Promise<TemplateCoupons> {
  const coupons: Coupon[] = [];
  let after: number | null = 0;
  while (after !== null && coupons.length < MAX_COUPONS) {
    const page = await listCoupons({ template, after, limit: PAGE }, signal);
    coupons.push(...page.coupons);
    after = page.next_after;
  }
  return { coupons, complete: after === null };
}

/** Every coupon of one template, loaded page by page, for its usage and list. */
export function useTemplateCoupons(template: string) {
  return useQuery({
    queryKey: ["coupons", template],
    queryFn: ({ signal }) => loadAll(template, signal),
  });
}
