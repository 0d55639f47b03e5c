import { useEffect, useRef } from "react";

/**
 * Calls `refetch` each time `signal` changes after its first value: the live counters of a
 * running journey move whenever members step, and the figures that depend on them are read
 * again (an experiment's sample and decision).
 */
export function useRefetchOnChange(signal: unknown, refetch: () => unknown): void {
  const latest = useRef(refetch);
  latest.current = refetch;
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    latest.current();
  }, [signal]);
}
