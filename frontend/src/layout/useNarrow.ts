import { useEffect, useState } from "react";

/** Below this width (a 1366×768 laptop) the menu and the editor's side panels fold away, so
 *  the canvas gets most of the screen. */
export const NARROW_QUERY = "(max-width: 1439px)";

/** Whether the window is narrow now; follows resizes. */
export function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW_QUERY).matches);
  useEffect(() => {
    const media = window.matchMedia(NARROW_QUERY);
    const follow = () => setNarrow(media.matches);
    media.addEventListener("change", follow);
    return () => media.removeEventListener("change", follow);
  }, []);
  return narrow;
}
