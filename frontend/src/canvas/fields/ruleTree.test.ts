import { describe, expect, it } from "vitest";
import type { KindDescriptor } from "../../api/audiences";
import type { JsonSchema } from "../../api/journeys";
import journeySchema from "../../../../journeys/schema/journey.schema.json";
import { resolveField } from "../panel/schema";
import { widgetFor } from "./registry";
import { BranchRulesField } from "./BranchRulesField";
import { JsonField } from "./JsonField";
import { RuleTreeField } from "./RuleTreeField";
import {
  defaultRuleTree,
  deref,
  displayTree,
  emptyGroupErrors,
  isBranchKey,
  isBranchListSchema,
  isDrawableTree,
  isRuleTreeSchema,
  nextBranchKey,
  shareOfBase,
} from "./ruleTree";

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const tree = ref("RuleTree") as JsonSchema;
const kind = (k: string) => ({ type: "object", properties: { kind: { const: k, type: "string" } }, required: ["kind"] });
const defs: Record<string, JsonSchema> = {
  RuleTree: { oneOf: [ref("AllGroup"), ref("AnyGroup"), ref("NotGroup"), ref("ProfileCondition"), ref("NoFirstOrderCondition")] } as JsonSchema,
  AllGroup: { type: "object", properties: { all: { type: "array", items: tree } } },
  AnyGroup: { type: "object", properties: { any: { type: "array", items: tree } } },
  NotGroup: { type: "object", properties: { not: tree } },
  ProfileCondition: { ...kind("profile"), properties: { kind: { const: "profile" }, field: {}, op: {}, value: {} } },
  NoFirstOrderCondition: kind("no_first_order"),
};

/** The shapes the server's pydantic models produce for split.condition and split.multi. */
const conditionConfig: JsonSchema = {
  type: "object",
  properties: {
    rules: { anyOf: [tree, { type: "null" }], default: null, title: "Rules" },
    audience: { anyOf: [{ type: "string" }, { type: "null" }], title: "Audience" },
  },
  $defs: defs,
};
const multiConfig: JsonSchema = {
  type: "object",
  properties: { branches: { type: "array", items: ref("Branch"), title: "Branches" } },
  $defs: {
    ...defs,
    Branch: {
      type: "object",
      properties: {
        rules: { anyOf: [tree, { type: "null" }] },
        audience: { anyOf: [{ type: "string" }, { type: "null" }] },
        key: { type: "string" },
        label: { type: "string" },
      },
    },
  },
};

/** The published document schema (journeys/schema/), where every node type's config sits in one `$defs`. */
const published = journeySchema as unknown as JsonSchema;

/** The config schema of `type`'s nodes in the published schema. */
function publishedConfig(type: string): JsonSchema {
  const node = published.$defs?.[`Node_${type.replace(".", "_")}`];
  const config = deref(node?.properties?.config, published);
  if (!config) throw new Error(`no config schema for ${type}`);
  return config;
}

const kinds: KindDescriptor[] = [
  {
    kind: "profile",
    label: "Profile field",
    fields: [{ field: "tier", type: "string", operators: ["eq", "in"], choices: ["basic", "gold"] }],
  },
  { kind: "no_first_order", label: "Has no first order", fields: [] },
];

describe("isRuleTreeSchema", () => {
  it("recognises a rule tree by its groups and conditions, after the nullable is unwrapped", () => {
    const field = resolveField(conditionConfig.properties!.rules!, conditionConfig);
    expect(field.nullable).toBe(true);
    expect(isRuleTreeSchema(field.schema, conditionConfig)).toBe(true);
  });

  it("recognises the reference to a rule tree itself", () => {
    expect(isRuleTreeSchema(tree, conditionConfig)).toBe(true);
  });

  it("does not take other unions or plain fields for one", () => {
    expect(isRuleTreeSchema({ type: "string" }, conditionConfig)).toBe(false);
    const onlyConditions = { oneOf: [ref("ProfileCondition"), ref("NoFirstOrderCondition")] } as JsonSchema;
    expect(isRuleTreeSchema(onlyConditions, conditionConfig)).toBe(false);
    const noConditions = { oneOf: [ref("AllGroup"), ref("AnyGroup"), ref("NotGroup")] } as JsonSchema;
    expect(isRuleTreeSchema(noConditions, conditionConfig)).toBe(false);
    expect(isRuleTreeSchema(ref("Branch") as JsonSchema, multiConfig)).toBe(false);
  });

  it("cannot follow references without the root", () => {
    expect(isRuleTreeSchema(tree)).toBe(false);
    expect(isRuleTreeSchema(defs.RuleTree!)).toBe(false);
  });
});

describe("isBranchListSchema", () => {
  it("recognises keyed branches that carry rules", () => {
    expect(isBranchListSchema(multiConfig.properties!.branches!, multiConfig)).toBe(true);
  });

  it("does not take weighted variants for branches", () => {
    const variants: JsonSchema = {
      type: "array",
      items: { type: "object", properties: { key: { type: "string" }, weight: { type: "integer" } } },
    };
    expect(isBranchListSchema(variants, multiConfig)).toBe(false);
  });
});

describe("widgetFor", () => {
  it("gives rule trees the builder and branch lists their branch editor, whatever the field's name", () => {
    const rules = resolveField(conditionConfig.properties!.rules!, conditionConfig).schema;
    expect(widgetFor("rules", rules, conditionConfig)).toBe(RuleTreeField);
    expect(widgetFor("who", rules, conditionConfig)).toBe(RuleTreeField);
    expect(widgetFor("branches", multiConfig.properties!.branches!, multiConfig)).toBe(BranchRulesField);
    expect(widgetFor("headers", { type: "object" }, conditionConfig)).toBe(JsonField);
  });

  it("gives the builder to split.condition rules and split.multi branches of the published schema", () => {
    const condition = publishedConfig("split.condition");
    const rules = resolveField(condition.properties!.rules!, published);
    expect(rules.nullable).toBe(true);
    expect(widgetFor("rules", rules.schema, published)).toBe(RuleTreeField);
    const multi = publishedConfig("split.multi");
    const branches = resolveField(multi.properties!.branches!, published).schema;
    expect(widgetFor("branches", branches, published)).toBe(BranchRulesField);
    const variants = publishedConfig("split.random");
    expect(widgetFor("variants", resolveField(variants.properties!.variants!, published).schema, published)).not.toBe(BranchRulesField);
  });
});

describe("isDrawableTree and displayTree", () => {
  it("accepts groups and conditions all the way down", () => {
    expect(isDrawableTree({ all: [{ kind: "tag", op: "has", value: "vip" }, { not: { any: [] } }] })).toBe(true);
  });

  it("refuses what the builder cannot draw", () => {
    expect(isDrawableTree(null)).toBe(false);
    expect(isDrawableTree([{ kind: "tag" }])).toBe(false);
    expect(isDrawableTree({ all: [{ kind: 3 }] })).toBe(false);
    expect(isDrawableTree({ all: [], any: [] })).toBe(false);
    expect(isDrawableTree({ all: "x" })).toBe(false);
  });

  it("roots a bare condition in an all group, and leaves groups alone", () => {
    expect(displayTree({ kind: "no_first_order" })).toEqual({ all: [{ kind: "no_first_order" }] });
    const group = { any: [{ kind: "no_first_order" }] };
    expect(displayTree(group)).toBe(group);
    expect(displayTree("nope")).toBeNull();
  });
});

describe("defaultRuleTree", () => {
  it("holds one condition of the first kind, filled so it can be previewed", () => {
    expect(defaultRuleTree(kinds)).toEqual({ all: [{ kind: "profile", field: "tier", op: "eq", value: "basic" }] });
  });

  it("falls back to a condition without fields when no kinds are known", () => {
    expect(defaultRuleTree([])).toEqual({ all: [{ kind: "no_first_order" }] });
  });
});

describe("emptyGroupErrors", () => {
  it("names every empty any group by the server's path, and leaves empty all groups alone", () => {
    const value = { all: [{ kind: "no_first_order" }, { any: [] }, { not: { any: [] } }, { all: [] }] };
    expect(emptyGroupErrors(value).map((e) => e.node)).toEqual(["all[1]", "all[2].not"]);
  });

  it("asks for a first condition at an empty any root, and takes an empty all root for every member", () => {
    expect(emptyGroupErrors({ any: [] })).toEqual([{ node: "", field: "", message: "Add at least one condition." }]);
    expect(emptyGroupErrors({ all: [] })).toEqual([]);
    expect(emptyGroupErrors({ any: [{ kind: "no_first_order" }] })).toEqual([]);
  });
});

describe("branch keys", () => {
  it("follow the server's pattern and leave else alone", () => {
    expect(isBranchKey("gold")).toBe(true);
    expect(isBranchKey("tier-2_b")).toBe(true);
    expect(isBranchKey("else")).toBe(false);
    expect(isBranchKey("Gold")).toBe(false);
    expect(isBranchKey("")).toBe(false);
    expect(isBranchKey("x".repeat(33))).toBe(false);
  });

  it("picks the next unused key", () => {
    expect(nextBranchKey(["gold"])).toBe("branch_2");
    expect(nextBranchKey(["gold", "branch_3"])).toBe("branch_4");
    expect(nextBranchKey([])).toBe("branch_1");
  });
});

describe("shareOfBase", () => {
  it("rounds to whole percents, with a floor for a few members", () => {
    expect(shareOfBase(25, 200)).toBe("13%");
    expect(shareOfBase(1, 1000)).toBe("<1%");
    expect(shareOfBase(0, 1000)).toBe("0%");
    expect(shareOfBase(5, 0)).toBeNull();
    expect(shareOfBase(5, null)).toBeNull();
  });
});
