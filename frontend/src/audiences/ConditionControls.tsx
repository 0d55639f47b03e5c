import { Flex } from "antd";
import type { Condition, KindDescriptor } from "../api/audiences";
import { controlsFor, setControl } from "./controls";
import { INPUTS } from "./inputs/registry";
import { fieldKey, type RuleError } from "./ruleErrors";

interface Props {
  desc: KindDescriptor;
  cond: Condition;
  /** The server's problems with this condition (fields relative to it). */
  errors: RuleError[];
  onChange: (cond: Condition) => void;
  disabled: boolean;
}

/** The inputs of one condition, as its kind's description asks for. */
export function ConditionControls({ desc, cond, errors, onChange, disabled }: Props) {
  return (
    <Flex wrap gap={8} align="center">
      {controlsFor(desc, cond).map((control) => {
        const Input = INPUTS[control.input];
        const own = errors.filter((e) => fieldKey(e.field) === control.key);
        return (
          <Input
            key={control.key}
            control={control}
            value={control.input === "mode" ? control.current : cond[control.key]}
            onChange={(value) => onChange(setControl(desc, cond, control.key, value))}
            invalid={own.length > 0}
            errors={own}
            disabled={disabled}
          />
        );
      })}
    </Flex>
  );
}
