import { useMutation, useQueryClient } from "@tanstack/react-query";
import { countAudience, createAudience, updateAudience, type AudienceInput } from "../../api/audiences";

/** Create or update an audience by key, then count it so the list shows its size. */
export function useSaveAudience(isNew: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (input: AudienceInput) => {
      const saved = isNew ? await createAudience(input) : await updateAudience(input);
      const counted = await countAudience(saved.key);
      return { ...saved, last_size: counted.size };
    },
    onSuccess: (saved) => {
      client.setQueryData(["audience", saved.key], saved);
      return client.invalidateQueries({ queryKey: ["audiences"] });
    },
  });
}
