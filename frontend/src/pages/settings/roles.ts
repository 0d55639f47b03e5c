import type { Role } from "../../api/types";

export const ROLE_OPTIONS: { value: Role; label: string }[] = [
  { value: "admin", label: "Admin — everything, including users and tokens" },
  { value: "marketer", label: "Marketer — builds and runs journeys" },
  { value: "viewer", label: "Viewer — reads only" },
];

export const ROLE_SHORT: { value: Role; label: string }[] = [
  { value: "admin", label: "Admin" },
  { value: "marketer", label: "Marketer" },
  { value: "viewer", label: "Viewer" },
];
