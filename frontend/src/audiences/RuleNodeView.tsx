import type { RuleNode } from "../api/audiences";
import { ConditionRow } from "./ConditionRow";
import { GroupBox } from "./GroupBox";
import { NotBox } from "./NotBox";
import { isCondition, isNot, type NodePath } from "./ruleTree";

interface Props {
  node: RuleNode;
  path: NodePath;
  index: number;
  siblings: number;
  negated?: boolean;
}

/** A node of the tree drawn as a condition row, a group box or a "not" box. */
export function RuleNodeView({ node, path, index, siblings, negated = false }: Props) {
  if (isCondition(node)) {
    return <ConditionRow cond={node} path={path} index={index} siblings={siblings} negated={negated} />;
  }
  if (isNot(node)) {
    return <NotBox node={node} path={path} index={index} siblings={siblings} />;
  }
  return <GroupBox node={node} path={path} index={index} siblings={siblings} negated={negated} />;
}
