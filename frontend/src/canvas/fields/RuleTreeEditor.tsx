import "./ruleTreeField.css";
import { CodeOutlined, LoadingOutlined, PartitionOutlined } from "@ant-design/icons";
import { Button, Flex, Skeleton, Typography } from "antd";
import { useState } from "react";
import type { RuleNode } from "../../api/audiences";
import { RuleBuilder } from "../../audiences/RuleBuilder";
import { countConditions } from "../../audiences/ruleTree";
import { useSession } from "../../auth/useSession";
import { ErrorAlert } from "../../components/ErrorAlert";
import { formatNumber } from "../../format/format";
import { JsonField } from "./JsonField";
import { displayTree, emptyGroupErrors, shareOfBase } from "./ruleTree";
import { useConditionKinds } from "./useConditionKinds";
import { useRuleCheck } from "./useRuleCheck";

interface Props {
  /** Names the JSON text area, for labels and tests. */
  name: string;
  value: unknown;
  onChange: (tree: unknown) => void;
  disabled: boolean;
}

/**
 * An audience rule tree edited with the Audiences page's builder, fitted to the side panel,
 * with the audiences API's problems at each condition and how many members match right now.
 * "Edit as JSON" stays for power users, and for trees the builder cannot draw.
 */
export function RuleTreeEditor({ name, value, onChange, disabled }: Props) {
  const kinds = useConditionKinds();
  const { user } = useSession();
  const tree = displayTree(value);
  const [asJson, setAsJson] = useState(tree === null);
  const check = useRuleCheck(asJson ? null : tree, Boolean(user && user.role !== "viewer"));
  const jsonMode = asJson || tree === null || Boolean(kinds.error);

  const toggle = (
    <Button
      type="link"
      size="small"
      className="rule-tree-toggle"
      icon={jsonMode ? <PartitionOutlined /> : <CodeOutlined />}
      disabled={jsonMode && (tree === null || Boolean(kinds.error))}
      onClick={() => setAsJson(!jsonMode)}
    >
      {jsonMode ? "Use the builder" : "Edit as JSON"}
    </Button>
  );

  if (jsonMode) {
    return (
      <div className="rule-tree-field" data-testid={`rule-tree-${name}`}>
        {kinds.error ? <ErrorAlert error={kinds.error} /> : null}
        {tree === null && value != null ? (
          <Typography.Text type="warning" className="field-hint">
            The builder cannot draw this value; fix it as JSON.
          </Typography.Text>
        ) : null}
        <JsonField name={name} value={value} onChange={onChange} schema={{}} config={{}} disabled={disabled} nullable />
        <Flex justify="flex-end">{toggle}</Flex>
      </div>
    );
  }
  if (!kinds.data) {
    return <Skeleton active paragraph={{ rows: 3 }} title={false} />;
  }
  // The server's check names empty groups too; the local one covers the time until it answers.
  const errors = check.checked ? check.errors : emptyGroupErrors(tree);
  return (
    <div className="rule-tree-field" data-testid={`rule-tree-${name}`}>
      <div className="rule-builder-compact">
        <RuleBuilder tree={tree} kinds={kinds.data} errors={errors} readOnly={disabled} onChange={(next: RuleNode) => onChange(next)} />
      </div>
      <Flex justify="space-between" align="center" gap={8} wrap className="rule-tree-footer">
        <RuleSize conditions={countConditions(tree)} invalid={errors.length > 0} size={check.size} total={check.total} pending={check.pending} error={check.error} />
        {toggle}
      </Flex>
    </div>
  );
}

interface SizeProps {
  conditions: number;
  invalid: boolean;
  size: number | null;
  total: number | null;
  pending: boolean;
  error: unknown;
}

/** "1,234 members match now · 12% of 10,000", the way the audience page counts them. */
function RuleSize({ conditions, invalid, size, total, pending, error }: SizeProps) {
  const spinner = pending ? <LoadingOutlined className="muted" aria-label="Updating" /> : null;
  let text;
  if (invalid) text = <Typography.Text type="secondary">Fix the rules to see how many members match.</Typography.Text>;
  else if (error) text = <Typography.Text type="danger">The size could not be computed.</Typography.Text>;
  else if (size === null) text = <Typography.Text type="secondary">{conditions === 1 ? "1 condition" : `${conditions} conditions`}</Typography.Text>;
  else {
    const share = shareOfBase(size, total);
    text = (
      <Typography.Text>
        <strong>{formatNumber(size)}</strong> {size === 1 ? "member matches" : "members match"} now
        {share && total !== null ? <Typography.Text type="secondary"> · {share} of {formatNumber(total)}</Typography.Text> : null}
      </Typography.Text>
    );
  }
  return (
    <span className="rule-size" data-testid="rule-size">
      {text} {spinner}
    </span>
  );
}
