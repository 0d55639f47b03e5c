import { api } from "./client";
import type { ApiToken, Role, User } from "./types";

export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: Role;
}

export interface UserChange {
  name?: string;
  password?: string;
  role?: Role;
  active?: boolean;
}

export const listUsers = () => api.get<{ users: User[] }>("/api/users");
export const createUser = (body: NewUser) => api.post<{ user: User }>("/api/users", body);
export const updateUser = (id: number, body: UserChange) =>
  api.patch<{ user: User }>(`/api/users/${id}`, body);

export const listTokens = () => api.get<{ tokens: ApiToken[]; scopes: string[] }>("/api/tokens");
export const createToken = (name: string, scopes: string[]) =>
  api.post<{ token: ApiToken; secret: string }>("/api/tokens", { name, scopes });
export const revokeToken = (id: number) => api.del<{ token: ApiToken }>(`/api/tokens/${id}`);
