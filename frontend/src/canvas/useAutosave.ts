import { useCallback, useEffect, useRef, useState } from "react";
import { saveDraft, type JourneyDocument, type VersionInfo } from "../api/journeys";
import type { Violation } from "../api/types";
import { stableStringify } from "./convert";

export type SaveState = "saved" | "unsaved" | "saving" | "error";

interface Options {
  enabled: boolean;
  initialViolations: Violation[];
  delayMs?: number;
  onSaved?: (version: VersionInfo, created: boolean) => void;
}

/**
 * Saves the document as the journey's draft a moment after each change, and keeps the
 * violations the server found in what was saved (validation as you edit).
 */
export function useAutosave(key: string, document: JourneyDocument, options: Options) {
  const { enabled, initialViolations, delayMs = 700, onSaved } = options;
  const text = stableStringify(document);
  const savedText = useRef(text);
  const latest = useRef({ text, document });
  latest.current = { text, document };
  const inFlight = useRef<Promise<void> | null>(null);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;
  const [state, setState] = useState<SaveState>("saved");
  const [error, setError] = useState<unknown>(null);
  const [violations, setViolations] = useState<Violation[]>(initialViolations);
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  const save = useCallback(async (): Promise<void> => {
    if (inFlight.current) await inFlight.current;
    const { text: sending, document: doc } = latest.current;
    if (sending === savedText.current) {
      setState("saved");
      return;
    }
    setState("saving");
    const run = saveDraft(key, doc)
      .then((result) => {
        savedText.current = sending;
        setViolations(result.violations);
        setError(null);
        setSavedAt(new Date());
        onSavedRef.current?.(result.version, result.created);
        setState(latest.current.text === sending ? "saved" : "unsaved");
      })
      .catch((cause: unknown) => {
        setError(cause);
        setState("error");
      })
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = run;
    await run;
  }, [key]);

  useEffect(() => {
    if (!enabled || text === savedText.current) return;
    setState("unsaved");
    const timer = window.setTimeout(() => void save(), delayMs);
    return () => window.clearTimeout(timer);
  }, [text, enabled, delayMs, save]);

  /** Save now, and wait until the server has it. */
  const flush = useCallback(async () => {
    await save();
    if (latest.current.text !== savedText.current) await save();
    return latest.current.text === savedText.current;
  }, [save]);

  return { state, error, violations, savedAt, flush };
}
