import type { RuleNode } from "../../api/audiences";
import { keyFromName } from "../../audiences/keys";

/** A new audience: empty, or for `?segment=<RFM segment>` the members of that segment. */
export function newAudienceFromParams(params: URLSearchParams) {
  const segment = params.get("segment");
  if (!segment) {
    return { key: "", name: "", description: "", rules: { all: [] } as RuleNode };
  }
  return {
    key: keyFromName(`rfm ${segment}`),
    name: `RFM: ${segment}`,
    description: `Members in the RFM segment ${segment}.`,
    rules: { all: [{ kind: "rfm", segment: [segment] }] } as RuleNode,
  };
}
