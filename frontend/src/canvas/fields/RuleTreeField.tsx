import { PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Typography } from "antd";
import { defaultRuleTree } from "./ruleTree";
import { RuleTreeEditor } from "./RuleTreeEditor";
import type { FieldProps } from "./types";
import { useConditionKinds } from "./useConditionKinds";

/**
 * A config field holding an audience rule tree (split.condition's `rules`). Left empty when
 * the node uses a saved audience instead; the two exclude each other.
 */
export function RuleTreeField({ name, value, onChange, config, disabled }: FieldProps) {
  const kinds = useConditionKinds();
  if (value != null) {
    return <RuleTreeEditor name={name} value={value} onChange={onChange} disabled={disabled} />;
  }
  const audience = typeof config.audience === "string" && config.audience ? config.audience : null;
  return (
    <Flex vertical gap={6} align="flex-start" className="rule-tree-empty" data-testid={`rule-tree-${name}`}>
      <Typography.Text type="secondary">
        {audience ? `The saved audience "${audience}" chooses the members. Clear it to use rules instead.` : "No rules yet."}
      </Typography.Text>
      {disabled || audience ? null : (
        <Button size="small" icon={<PlusOutlined />} disabled={!kinds.data} onClick={() => onChange(defaultRuleTree(kinds.data ?? []))}>
          Add rules
        </Button>
      )}
    </Flex>
  );
}
