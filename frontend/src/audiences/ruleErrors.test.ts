import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client";
import { errorsAt, fieldKey, rowErrors, ruleErrorsFrom, splitPath } from "./ruleErrors";

describe("rule error paths", () => {
  it.each([
    ["all[1].any[0].op", "all[1].any[0]", "op"],
    ["all[0].where[1].value", "all[0]", "where[1].value"],
    ["all[2].not.value", "all[2].not", "value"],
    ["segment[2]", "", "segment[2]"],
    ["all[3]", "all[3]", ""],
    ["", "", ""],
  ])("splits %s into node and field", (path, node, field) => {
    expect(splitPath(path)).toEqual({ node, field });
  });

  it("names the condition key a field starts with", () => {
    expect(fieldKey("where[1].value")).toBe("where");
    expect(fieldKey("value[0]")).toBe("value");
    expect(fieldKey("op")).toBe("op");
  });

  it("reads the problems of an invalid_rules answer and nothing else", () => {
    const error = new ApiError(400, "invalid_rules", "2 problem(s)", [
      { field: "rules.all[0].op", path: "all[0].op", message: "op is missing" } as never,
      { field: "rules.all[1].any[0].where[0].value", message: "value must be a number" },
    ]);
    const errors = ruleErrorsFrom(error);
    expect(errors).toEqual([
      { node: "all[0]", field: "op", message: "op is missing" },
      { node: "all[1].any[0]", field: "where[0].value", message: "value must be a number" },
    ]);
    expect(errorsAt(errors, "all[0]", "op")).toHaveLength(1);
    expect(errorsAt(errors, "all[0]", "value")).toHaveLength(0);
    expect(rowErrors(errors, "where", 0)).toEqual([{ node: "all[1].any[0]", field: "value", message: "value must be a number" }]);
    expect(ruleErrorsFrom(new ApiError(403, "forbidden", "no"))).toEqual([]);
  });
});
