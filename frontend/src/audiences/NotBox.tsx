import { Button, Flex, Tag, Tooltip } from "antd";
import type { RuleNode } from "../api/audiences";
import { useBuilder } from "./builderContext";
import { NodeActions } from "./NodeActions";
import { NodeErrors } from "./NodeErrors";
import { RuleNodeView } from "./RuleNodeView";
import { errorsAt } from "./ruleErrors";
import { pathString, toggleNot, type NodePath } from "./ruleTree";

interface Props {
  node: { not: RuleNode };
  path: NodePath;
  index: number;
  siblings: number;
}

/** A negated condition or group: members for whom what is inside is not true. */
export function NotBox({ node, path, index, siblings }: Props) {
  const { edit, errors, readOnly } = useBuilder();
  return (
    <div className="rule-not" data-testid="rule-not">
      <Flex justify="space-between" align="center" className="rule-not-header">
        <Flex gap={8} align="center">
          <Tag color="volcano">NOT</Tag>
          {readOnly ? null : (
            <Tooltip title="Keep what is inside, without the negation">
              <Button size="small" type="link" onClick={() => edit((t) => toggleNot(t, path))}>
                Remove NOT
              </Button>
            </Tooltip>
          )}
        </Flex>
        <NodeActions path={path} index={index} siblings={siblings} what="negated rule" negated />
      </Flex>
      <NodeErrors errors={errorsAt(errors, pathString(path))} />
      <RuleNodeView node={node.not} path={[...path, { key: "not" }]} index={0} siblings={1} negated />
    </div>
  );
}
