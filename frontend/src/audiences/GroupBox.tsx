import { BranchesOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Segmented, Typography } from "antd";
import type { RuleNode } from "../api/audiences";
import { useBuilder } from "./builderContext";
import { newCondition } from "./controls";
import { NodeActions } from "./NodeActions";
import { NodeErrors } from "./NodeErrors";
import { RuleNodeView } from "./RuleNodeView";
import { errorsAt } from "./ruleErrors";
import { addChild, children, childPath, listKey, pathString, setGroupKey, type GroupKey, type NodePath } from "./ruleTree";

interface Props {
  node: RuleNode;
  path: NodePath;
  index: number;
  siblings: number;
  negated: boolean;
}

const EMPTY_TEXT: Record<GroupKey, string> = {
  all: "No conditions: every member matches.",
  any: "No conditions: no member matches until one is added.",
};

/** An all/any group: how its children combine, the children, and buttons to add more. */
export function GroupBox({ node, path, index, siblings, negated }: Props) {
  const { kinds, errors, edit, readOnly } = useBuilder();
  const key = listKey(node) ?? "all";
  const list = children(node);
  const root = path.length === 0;
  const first = kinds[0];
  const addCondition = () => first && edit((t) => addChild(t, path, newCondition(first)));
  const addGroup = () => first && edit((t) => addChild(t, path, { any: [newCondition(first)] }));
  return (
    <div className={`rule-group${root ? " rule-group-root" : ""}`} data-testid="rule-group" data-path={pathString(path)}>
      <Flex justify="space-between" align="center" gap={8} className="rule-group-header">
        <Flex align="center" gap={8}>
          <Typography.Text type="secondary">Members matching</Typography.Text>
          <Segmented<GroupKey>
            size="small"
            aria-label="Combine conditions"
            value={key}
            disabled={readOnly}
            onChange={(k) => edit((t) => setGroupKey(t, path, k))}
            options={[
              { value: "all", label: "all of" },
              { value: "any", label: "any of" },
            ]}
          />
        </Flex>
        {root ? null : <NodeActions path={path} index={index} siblings={siblings} what="group" negated={negated} />}
      </Flex>
      <NodeErrors errors={errorsAt(errors, pathString(path))} />
      <div className="rule-children">
        {list.length === 0 ? <Typography.Text type="secondary">{EMPTY_TEXT[key]}</Typography.Text> : null}
        {list.map((child, i) => (
          <RuleNodeView key={i} node={child} path={childPath(path, node, i)} index={i} siblings={list.length} />
        ))}
      </div>
      {readOnly ? null : (
        <Flex gap={8} className="rule-group-add">
          <Button size="small" icon={<PlusOutlined />} onClick={addCondition} aria-label="Add condition">
            Condition
          </Button>
          <Button size="small" icon={<BranchesOutlined />} onClick={addGroup} aria-label="Add group">
            Group
          </Button>
        </Flex>
      )}
    </div>
  );
}
