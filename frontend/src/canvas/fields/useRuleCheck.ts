import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { previewRules, type RuleNode } from "../../api/audiences";
import { api } from "../../api/client";
import { splitPath, type RuleError } from "../../audiences/ruleErrors";
import { useDebouncedValue } from "../../hooks/useDebouncedValue";

/** As long as the audience page waits before asking again. */
export const CHECK_DELAY_MS = 400;

const WHOLE_BASE: RuleNode = { all: [] };

interface Validation {
  valid: boolean;
  problems: { field: string; path: string; message: string }[];
}

const validateRules = (rules: RuleNode) => api.post<Validation>("/api/audiences/validate", { rules });

/**
 * The audiences API's view of a rule tree, asked once it stops changing: its problems
 * (each at its node) and, when it has none, how many members match now out of the whole base.
 */
export function useRuleCheck(tree: RuleNode | null, canPreview: boolean) {
  const current = tree ? JSON.stringify(tree) : "";
  const text = useDebouncedValue(current, CHECK_DELAY_MS);
  const validation = useQuery({
    queryKey: ["audience-validate", text],
    queryFn: () => validateRules(JSON.parse(text) as RuleNode),
    enabled: Boolean(text) && canPreview,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
  const checked = validation.data && !validation.isPlaceholderData ? validation.data : null;
  const preview = useQuery({
    queryKey: ["audience-preview", text],
    queryFn: () => previewRules(JSON.parse(text) as RuleNode),
    enabled: Boolean(checked?.valid) && canPreview,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 30_000,
  });
  const base = useQuery({
    queryKey: ["audience-preview", JSON.stringify(WHOLE_BASE)],
    queryFn: () => previewRules(WHOLE_BASE),
    enabled: canPreview,
    retry: false,
    staleTime: 60_000,
  });
  const errors: RuleError[] = (checked?.problems ?? []).map((p) => ({ ...splitPath(p.path), message: p.message }));
  const pending = text !== current || validation.isFetching || preview.isFetching;
  return {
    /** Whether ``errors`` is the server's answer for the tree as it is now. */
    checked: checked !== null && !pending,
    errors,
    size: checked?.valid ? (preview.data?.size ?? null) : null,
    total: base.data?.size ?? null,
    pending,
    error: validation.error ?? preview.error,
  };
}
