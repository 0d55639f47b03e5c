import type { Control } from "../controls";
import type { RuleError } from "../ruleErrors";

/** What every value-input component of the rule builder receives. */
export interface InputProps {
  control: Control;
  value: unknown;
  onChange: (value: unknown) => void;
  invalid: boolean;
  disabled: boolean;
  /** The server's problems with this input, fields relative to the condition. */
  errors: RuleError[];
}
