import { useCallback, useEffect, useRef, useState } from "react";
import { ApiError } from "../api/client";
import { saveDraft, type DraftConflict, type JourneyDocument, type VersionInfo } from "../api/journeys";
import type { Violation } from "../api/types";
import { stableStringify } from "./convert";
import { useLeaveGuard } from "./useLeaveGuard";

export type SaveState = "saved" | "unsaved" | "saving" | "error" | "conflict";

interface Options {
  enabled: boolean;
  /** The revision of the version the editor opened: every save is based on it, then on the last save. */
  baseRevision: string;
  initialViolations: Violation[];
  delayMs?: number;
  onSaved?: (version: VersionInfo, created: boolean) => void;
}

/** Browsers let a request outlive the page only up to 64 KB of body. */
const KEEPALIVE_LIMIT = 60_000;

/**
 * Saves the document as the journey's draft a moment after each change, and keeps the
 * violations the server found in what was saved (validation as you edit).
 *
 * Each save carries the revision it is based on; when someone else saved in between, the
 * server answers 409 and nothing more is saved until the marketer keeps their version or
 * reloads. Pending changes are saved when the editor is left (route change or closing the
 * tab); when they cannot be, the browser asks before leaving.
 */
export function useAutosave(key: string, document: JourneyDocument, options: Options) {
  const { enabled, initialViolations, delayMs = 700, onSaved } = options;
  const text = stableStringify(document);
  const savedText = useRef(text);
  // Bumped by each save that lands: an edit made while it was in flight may need a save of
  // its own even when it brought the text back to what had been saved before.
  const [landed, setLanded] = useState(0);
  const base = useRef(options.baseRevision);
  const latest = useRef({ text, document });
  latest.current = { text, document };
  const inFlight = useRef<Promise<void> | null>(null);
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;
  const [state, setState] = useState<SaveState>("saved");
  const stateRef = useRef(state);
  stateRef.current = state;
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<DraftConflict | null>(null);
  const [violations, setViolations] = useState<Violation[]>(initialViolations);
  const [savedAt, setSavedAt] = useState<Date | null>(null);

  const save = useCallback(async (): Promise<void> => {
    if (inFlight.current) await inFlight.current;
    if (stateRef.current === "conflict") return;
    const { text: sending, document: doc } = latest.current;
    if (sending === savedText.current) {
      setState("saved");
      return;
    }
    setState("saving");
    const run = saveDraft(key, doc, base.current)
      .then((result) => {
        savedText.current = sending;
        base.current = result.version.revision;
        setLanded((n) => n + 1);
        setViolations(result.violations);
        setError(null);
        setSavedAt(new Date());
        onSavedRef.current?.(result.version, result.created);
        setState(latest.current.text === sending ? "saved" : "unsaved");
      })
      .catch((cause: unknown) => {
        setError(cause);
        if (cause instanceof ApiError && cause.status === 409 && cause.code === "stale_draft") {
          setConflict(cause.body.current as DraftConflict);
          stateRef.current = "conflict";
          setState("conflict");
        } else {
          setState("error");
        }
      })
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = run;
    await run;
  }, [key]);

  useEffect(() => {
    if (!enabled || text === savedText.current || stateRef.current === "conflict") return;
    setState("unsaved");
    const timer = window.setTimeout(() => void save(), delayMs);
    return () => window.clearTimeout(timer);
  }, [text, landed, enabled, delayMs, save]);

  /** Save now, and wait until the server has it. */
  const flush = useCallback(async () => {
    await save();
    if (latest.current.text !== savedText.current) await save();
    return latest.current.text === savedText.current;
  }, [save]);

  /** Replace the other person's draft with the one on screen. */
  const keepMine = useCallback(async () => {
    if (!conflict) return;
    base.current = conflict.revision;
    stateRef.current = "unsaved";
    setConflict(null);
    setState("unsaved");
    await save();
  }, [conflict, save]);

  /** Drop the changes on screen and load the draft as the server has it. */
  const reload = useCallback(() => {
    savedText.current = latest.current.text;
    stateRef.current = "saved";
    window.location.reload();
  }, []);

  /**
   * Send what is unsaved as the editor goes away, in a request that outlives the page.
   * Returns false when it cannot: a conflict or error is pending, or the draft is too big.
   */
  const saveOnLeave = useCallback(
    (unloading: boolean) => {
      if (!enabled) return true;
      const { text: sending, document: doc } = latest.current;
      if (sending === savedText.current && !inFlight.current) return true;
      if (stateRef.current === "conflict" || stateRef.current === "error") return false;
      if (sending === savedText.current) return true;
      // A page being closed cannot wait for the save in flight, nor carry a big body.
      if (unloading && (inFlight.current || sending.length > KEEPALIVE_LIMIT)) return false;
      const after = inFlight.current ?? Promise.resolve();
      savedText.current = sending;
      void after.then(() =>
        saveDraft(key, doc, base.current, unloading).then((result) => {
          base.current = result.version.revision;
          onSavedRef.current?.(result.version, result.created);
        }),
      );
      return true;
    },
    [enabled, key],
  );
  const cannotSave = useCallback(
    () => (stateRef.current === "conflict" || stateRef.current === "error") && latest.current.text !== savedText.current,
    [],
  );
  useLeaveGuard(saveOnLeave, cannotSave);

  // An edit is unsaved from the render that shows it, not from the effect after it.
  const shown: SaveState = enabled && state === "saved" && text !== savedText.current ? "unsaved" : state;
  return { state: shown, error, conflict, violations, savedAt, flush, keepMine, reload };
}
