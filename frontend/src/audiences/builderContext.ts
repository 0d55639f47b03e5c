import { createContext, useContext } from "react";
import type { KindDescriptor, RuleNode } from "../api/audiences";
import type { RuleError } from "./ruleErrors";

/** What every part of the rule builder shares: the kinds, the errors and the one way to edit. */
export interface BuilderContextValue {
  kinds: KindDescriptor[];
  errors: RuleError[];
  readOnly: boolean;
  edit: (change: (tree: RuleNode) => RuleNode) => void;
}

export const BuilderContext = createContext<BuilderContextValue | null>(null);

export function useBuilder(): BuilderContextValue {
  const value = useContext(BuilderContext);
  if (!value) throw new Error("useBuilder is used outside a RuleBuilder");
  return value;
}
