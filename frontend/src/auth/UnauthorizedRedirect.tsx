import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useNavigate } from "react-router";
import { setUnauthorizedListener } from "../api/client";
import { SESSION_KEY } from "./useSession";

/** When any API call answers 401, forget the session and go to the sign-in page. */
export function UnauthorizedRedirect() {
  const client = useQueryClient();
  const navigate = useNavigate();
  useEffect(() => {
    setUnauthorizedListener(() => {
      client.setQueryData(SESSION_KEY, { user: null });
      if (window.location.pathname !== "/login") {
        navigate("/login", { replace: true, state: { from: window.location.pathname } });
      }
    });
    return () => setUnauthorizedListener(null);
  }, [client, navigate]);
  return null;
}
