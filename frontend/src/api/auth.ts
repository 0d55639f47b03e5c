import { request } from "./client";
import type { SessionUser } from "./types";

export function fetchSession(): Promise<{ user: SessionUser | null }> {
  return request("/api/auth/session", { quiet401: true });
}

export function login(email: string, password: string): Promise<{ user: SessionUser }> {
  return request("/api/auth/login", { method: "POST", body: { email, password }, quiet401: true });
}

export function logout(): Promise<{ ok: boolean }> {
  return request("/api/auth/logout", { method: "POST", quiet401: true });
}
