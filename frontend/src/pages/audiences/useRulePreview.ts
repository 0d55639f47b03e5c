import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { previewRules, type RuleNode } from "../../api/audiences";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";

export const PREVIEW_DELAY_MS = 400;

/** The size, sample and order values of `tree`, asked once the rules stop changing. */
export function useRulePreview(tree: RuleNode, enabled: boolean) {
  const text = useDebouncedValue(JSON.stringify(tree), PREVIEW_DELAY_MS);
  const query = useQuery({
    queryKey: ["audience-preview", text],
    queryFn: () => previewRules(JSON.parse(text) as RuleNode),
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
    enabled,
  });
  const pending = text !== JSON.stringify(tree) || query.isFetching;
  return { query, pending };
}
