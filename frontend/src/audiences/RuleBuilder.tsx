import "./ruleBuilder.css";
import { useMemo } from "react";
import type { KindDescriptor, RuleNode } from "../api/audiences";
import { BuilderContext } from "./builderContext";
import { RuleNodeView } from "./RuleNodeView";
import type { RuleError } from "./ruleErrors";

interface Props {
  tree: RuleNode;
  kinds: KindDescriptor[];
  errors: RuleError[];
  readOnly: boolean;
  onChange: (tree: RuleNode) => void;
}

/** Nested all/any/not groups of conditions, each edited with the inputs its kind describes. */
export function RuleBuilder({ tree, kinds, errors, readOnly, onChange }: Props) {
  const value = useMemo(
    () => ({ kinds, errors, readOnly, edit: (change: (t: RuleNode) => RuleNode) => onChange(change(tree)) }),
    [kinds, errors, readOnly, onChange, tree],
  );
  return (
    <BuilderContext.Provider value={value}>
      <div className="rule-builder">
        <RuleNodeView node={tree} path={[]} index={0} siblings={1} />
      </div>
    </BuilderContext.Provider>
  );
}
