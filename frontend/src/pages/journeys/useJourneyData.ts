import { useQuery } from "@tanstack/react-query";
import { getJourney, getVersion, listNodeTypes } from "../../api/journeys";

export const useNodeTypes = () =>
  useQuery({ queryKey: ["node-types"], queryFn: ({ signal }) => listNodeTypes(signal), staleTime: Infinity });

export const useJourneyDetail = (key: string) =>
  useQuery({ queryKey: ["journey", key], queryFn: ({ signal }) => getJourney(key, signal) });

/**
 * One version's document; loaded once, since the editor owns it from then on, and forgotten
 * when the editor closes (its last changes may be saved as it goes).
 */
export const useVersion = (key: string, number: number | undefined) =>
  useQuery({
    queryKey: ["journey-version", key, number],
    enabled: number !== undefined,
    queryFn: ({ signal }) => getVersion(key, number ?? 0, signal),
    staleTime: Infinity,
    gcTime: 0,
    refetchOnWindowFocus: false,
  });
