import { Flex, Select } from "antd";
import type { Condition } from "../api/audiences";
import { useBuilder } from "./builderContext";
import { ConditionControls } from "./ConditionControls";
import { newCondition } from "./controls";
import { NodeActions } from "./NodeActions";
import { NodeErrors } from "./NodeErrors";
import { errorsAt } from "./ruleErrors";
import { pathString, updateAt, type NodePath } from "./ruleTree";

interface Props {
  cond: Condition;
  path: NodePath;
  index: number;
  siblings: number;
  negated: boolean;
}

/** One condition: its kind, the inputs its kind describes, its actions and its problems. */
export function ConditionRow({ cond, path, index, siblings, negated }: Props) {
  const { kinds, errors, edit, readOnly } = useBuilder();
  const here = errorsAt(errors, pathString(path));
  const desc = kinds.find((k) => k.kind === cond.kind);
  const replace = (next: Condition) => edit((t) => updateAt(t, path, () => next));
  return (
    <div className={`rule-condition${here.length ? " has-error" : ""}`} data-testid="rule-condition" data-path={pathString(path)}>
      <Flex gap={8} align="flex-start" justify="space-between">
        <Flex wrap gap={8} align="center" className="rule-condition-inputs">
          <Select
            aria-label="Condition"
            value={cond.kind}
            disabled={readOnly}
            status={desc ? undefined : "error"}
            popupMatchSelectWidth={false}
            style={{ minWidth: 200 }}
            onChange={(kind: string) => {
              const next = kinds.find((k) => k.kind === kind);
              if (next) replace(newCondition(next));
            }}
            options={kinds.map((k) => ({ value: k.kind, label: k.label }))}
          />
          {desc ? (
            <ConditionControls desc={desc} cond={cond} errors={here} onChange={replace} disabled={readOnly} />
          ) : null}
        </Flex>
        <NodeActions path={path} index={index} siblings={siblings} what="condition" negated={negated} />
      </Flex>
      <NodeErrors errors={here} />
    </div>
  );
}
