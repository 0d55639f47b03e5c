import { useEffect, useReducer } from "react";
import { io } from "socket.io-client";
import { initialLive, liveReducer } from "./liveState";
import type { CountersEvent, JoinAnswer, JourneyLive, SnapshotEvent, StatusEvent, StepsEvent } from "./types";

/**
 * Live counters, run status and a feed of member steps for one journey, over Socket.IO.
 *
 * The socket authenticates with the session cookie; on every (re)connection it joins the
 * journey's room and the answer replaces the counters with a fresh snapshot, so nothing
 * is lost across reconnects.
 */
export function useJourneyLive(key: string): JourneyLive {
  const [state, dispatch] = useReducer(liveReducer, initialLive);

  useEffect(() => {
    dispatch({ type: "reset" });
    if (!key) {
      return undefined;
    }
    const socket = io({ withCredentials: true, transports: ["websocket"] });
    const mine = (event: { journey: string }) => event.journey === key;

    socket.on("connect", () => {
      dispatch({ type: "connected", connected: true });
      socket.emit("join", { journey: key }, (answer: JoinAnswer) => {
        if ("error" in answer) {
          dispatch({ type: "error", message: answer.message });
        } else {
          dispatch({ type: "snapshot", event: answer });
        }
      });
    });
    socket.on("disconnect", () => dispatch({ type: "connected", connected: false }));
    socket.on("connect_error", (err: Error) => {
      dispatch({ type: "connected", connected: false });
      dispatch({ type: "error", message: err.message });
    });
    socket.on("snapshot", (event: SnapshotEvent) => mine(event) && dispatch({ type: "snapshot", event }));
    socket.on("counters", (event: CountersEvent) => mine(event) && dispatch({ type: "counters", event }));
    socket.on("steps", (event: StepsEvent) => mine(event) && dispatch({ type: "steps", event }));
    socket.on("status", (event: StatusEvent) => mine(event) && dispatch({ type: "status", status: event.status }));

    return () => {
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [key]);

  return state;
}
