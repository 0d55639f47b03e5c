import { useQuery } from "@tanstack/react-query";
import { getConditionFields } from "../../api/audiences";

/** The condition kinds the rule builder offers, shared with the audience pages' cache. */
export function useConditionKinds() {
  return useQuery({
    queryKey: ["audience-fields"],
    queryFn: ({ signal }) => getConditionFields(signal),
    staleTime: Infinity,
    select: (data) => data.conditions,
  });
}
