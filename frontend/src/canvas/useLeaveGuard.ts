import { useEffect, useRef } from "react";

const LEAVE_QUESTION = "Your latest changes to this draft are not saved. Leave anyway?";

/**
 * Runs ``saveOnLeave`` when the editor goes away: on a route change (the editor unmounts) and
 * when the tab is closed or reloaded. When it answers false (nothing could be sent), the
 * browser asks before the tab goes; while ``cannotSave`` holds (a conflict or a failed save
 * with changes on screen), clicks on the app's menu or links ask first.
 */
export function useLeaveGuard(saveOnLeave: (unloading: boolean) => boolean, cannotSave: () => boolean) {
  const ref = useRef(saveOnLeave);
  ref.current = saveOnLeave;
  const stuck = useRef(cannotSave);
  stuck.current = cannotSave;

  useEffect(() => {
    const beforeUnload = (event: BeforeUnloadEvent) => {
      if (ref.current(true)) return;
      event.preventDefault();
      event.returnValue = LEAVE_QUESTION;
    };
    // In-app navigation cannot be stopped once the editor unmounts, so ask on the click.
    const click = (event: MouseEvent) => {
      const target = event.target instanceof Element ? event.target : null;
      const leaving = target?.closest('a[href], [role="menuitem"], [data-leaves-editor]');
      if (!leaving || leaving.closest(".editor")) return;
      if (!stuck.current() || window.confirm(LEAVE_QUESTION)) return;
      event.preventDefault();
      event.stopPropagation();
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", click, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", click, true);
      ref.current(false);
    };
  }, []);
}
