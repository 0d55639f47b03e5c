import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { Button, Flex, Input, Segmented, Tooltip, Typography } from "antd";
import { AudiencePicker } from "./AudiencePicker";
import { defaultRuleTree, isBranchKey, nextBranchKey } from "./ruleTree";
import { RuleTreeField } from "./RuleTreeField";
import type { FieldProps } from "./types";
import { useConditionKinds } from "./useConditionKinds";

interface Branch {
  key: string;
  label?: string;
  rules?: unknown;
  audience?: string | null;
  [extra: string]: unknown;
}

type Source = "rules" | "audience";

const MAX_BRANCHES = 20;

/**
 * split.multi's ordered branches, each with its key (the branch's name on the canvas), a
 * label, and who takes it: rules edited with the builder, or a saved audience.
 */
export function BranchRulesField({ name, value, onChange, config, disabled }: FieldProps) {
  const kinds = useConditionKinds();
  const branches = (Array.isArray(value) ? value : []) as Branch[];
  const keys = branches.map((b) => b.key);
  const set = (index: number, next: Branch) => onChange(branches.map((b, i) => (i === index ? next : b)));
  const move = (index: number, delta: -1 | 1) => {
    const list = [...branches];
    const [moved] = list.splice(index, 1);
    if (moved) list.splice(index + delta, 0, moved);
    onChange(list);
  };
  const setSource = (index: number, branch: Branch, source: Source) => {
    const { rules: _rules, audience: _audience, ...rest } = branch;
    set(index, source === "rules" ? { ...rest, rules: defaultRuleTree(kinds.data ?? []) } : { ...rest, audience: null });
  };
  const add = () => onChange([...branches, { key: nextBranchKey(keys), label: "", rules: defaultRuleTree(kinds.data ?? []) }]);

  return (
    <Flex vertical gap={10} className="branch-rules" data-testid={`branch-rules-${name}`}>
      <Typography.Text type="secondary" className="field-hint">
        A member takes the first branch whose rules match; the rest go <strong>else</strong>.
      </Typography.Text>
      {branches.map((branch, i) => {
        const source: Source = branch.rules == null && "audience" in branch ? "audience" : "rules";
        const keyProblem = !isBranchKey(branch.key ?? "")
          ? "Lower-case letters, digits, _ and -, at most 32; not else."
          : keys.indexOf(branch.key) !== i
            ? "Another branch has this key."
            : null;
        return (
          <div key={i} className="branch-card" data-testid="branch-card" data-branch={branch.key}>
            <Flex justify="space-between" align="center" gap={6} className="branch-card-head">
              <Typography.Text strong>Branch {i + 1}</Typography.Text>
              {disabled ? null : (
                <span className="node-actions">
                  <Tooltip title="Move up (checked earlier)">
                    <Button type="text" size="small" aria-label={`Move branch ${i + 1} up`} icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => move(i, -1)} />
                  </Tooltip>
                  <Tooltip title="Move down">
                    <Button type="text" size="small" aria-label={`Move branch ${i + 1} down`} icon={<ArrowDownOutlined />} disabled={i === branches.length - 1} onClick={() => move(i, 1)} />
                  </Tooltip>
                  <Tooltip title="Remove branch">
                    <Button type="text" size="small" danger aria-label={`Remove branch ${i + 1}`} icon={<DeleteOutlined />} disabled={branches.length <= 1} onClick={() => onChange(branches.filter((_, j) => j !== i))} />
                  </Tooltip>
                </span>
              )}
            </Flex>
            <Flex gap={6} className="branch-card-names">
              <Input
                aria-label={`branch ${i + 1} key`}
                addonBefore="key"
                className="mono"
                value={branch.key}
                status={keyProblem ? "error" : undefined}
                disabled={disabled}
                onChange={(e) => set(i, { ...branch, key: e.target.value })}
              />
              <Input
                aria-label={`branch ${i + 1} label`}
                placeholder="Label"
                maxLength={100}
                value={branch.label ?? ""}
                disabled={disabled}
                onChange={(e) => set(i, { ...branch, label: e.target.value })}
              />
            </Flex>
            {keyProblem ? (
              <Typography.Text type="danger" className="field-hint">
                {keyProblem}
              </Typography.Text>
            ) : null}
            <Segmented<Source>
              size="small"
              className="branch-source"
              aria-label={`branch ${i + 1} chosen by`}
              value={source}
              disabled={disabled}
              onChange={(s) => setSource(i, branch, s)}
              options={[
                { value: "rules", label: "Rules" },
                { value: "audience", label: "Saved audience" },
              ]}
            />
            {source === "rules" ? (
              <RuleTreeField
                name={`branch ${i + 1} rules`}
                value={branch.rules ?? null}
                onChange={(rules) => set(i, { ...branch, rules: rules ?? undefined })}
                schema={{}}
                config={{}}
                disabled={disabled}
                nullable
              />
            ) : (
              <AudiencePicker
                name={`branch ${i + 1} audience`}
                value={branch.audience ?? undefined}
                onChange={(audience) => set(i, { ...branch, audience: typeof audience === "string" ? audience : null })}
                schema={{}}
                config={config}
                disabled={disabled}
                nullable={false}
              />
            )}
          </div>
        );
      })}
      {disabled ? null : (
        <Button size="small" icon={<PlusOutlined />} disabled={branches.length >= MAX_BRANCHES} onClick={add} className="branch-add" aria-label="Add branch">
          Branch
        </Button>
      )}
    </Flex>
  );
}
