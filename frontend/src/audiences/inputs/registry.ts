import type { ComponentType } from "react";
import type { InputType } from "../controls";
import { BooleanInput } from "./BooleanInput";
import { DateInput } from "./DateInput";
import { DateRangeInput } from "./DateRangeInput";
import { DaysInput } from "./DaysInput";
import { ListInput } from "./ListInput";
import { ModeInput } from "./ModeInput";
import { MultiSelectInput } from "./MultiSelectInput";
import { NumberInput } from "./NumberInput";
import { NumberRangeInput } from "./NumberRangeInput";
import { SelectInput } from "./SelectInput";
import { TextInput } from "./TextInput";
import type { InputProps } from "./types";
import { WhereInput } from "./WhereInput";

/** The component that edits each input type; the rule builder picks from here only. */
export const INPUTS: Record<InputType, ComponentType<InputProps>> = {
  select: SelectInput,
  multiselect: MultiSelectInput,
  text: TextInput,
  list: ListInput,
  number: NumberInput,
  days: DaysInput,
  date: DateInput,
  boolean: BooleanInput,
  "number-range": NumberRangeInput,
  "date-range": DateRangeInput,
  where: WhereInput,
  mode: ModeInput,
};
