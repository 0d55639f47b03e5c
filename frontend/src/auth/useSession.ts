import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { fetchSession, login, logout } from "../api/auth";
import type { SessionUser } from "../api/types";

export const SESSION_KEY = ["session"] as const;

type SessionData = { user: SessionUser | null };

/** The signed-in user (null when signed out), loaded once and shared by every component. */
export function useSession() {
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: Infinity });
  return {
    user: query.data?.user ?? null,
    isLoading: query.isLoading,
    error: query.error,
  };
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ email, password }: { email: string; password: string }) => login(email, password),
    onSuccess: (data) => {
      client.setQueryData<SessionData>(SESSION_KEY, { user: data.user });
    },
  });
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      client.clear();
      client.setQueryData<SessionData>(SESSION_KEY, { user: null });
    },
  });
}
