import { Spin } from "antd";
import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { ErrorAlert } from "../components/ErrorAlert";
import { useSession } from "./useSession";

/** Render the children for a signed-in user; send anyone else to the sign-in page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { user, isLoading, error } = useSession();
  const location = useLocation();
  if (isLoading) {
    return (
      <div className="center-screen">
        <Spin size="large" />
      </div>
    );
  }
  if (error) {
    return (
      <div className="center-screen">
        <ErrorAlert error={error} />
      </div>
    );
  }
  if (!user) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return <>{children}</>;
}
