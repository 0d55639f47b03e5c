import { ApiError, readCookie, request } from "./client";

export interface PoolAlert {
  remaining: number;
  level: number;
  at: string;
}

/** A coupon code pool with its stock (`/api/code-pools`). */
export interface CodePool {
  key: string;
  name: string;
  total: number;
  remaining: number;
  claimed: number;
  low_stock_level: number;
  low_stock: boolean;
  low_stock_since: string | null;
  last_alert: PoolAlert | null;
  templates: string[];
}

/** One refused row of an uploaded file (header is row 1). */
export interface RowError {
  row: number | null;
  column: string | null;
  message: string;
}

export interface UploadResult {
  pool: string;
  rows: number;
  added: number;
}

/** An upload the server refused, with its bad rows. */
export class UploadError extends ApiError {
  readonly rows: RowError[];
  readonly total: number;

  constructor(status: number, code: string, message: string, rows: RowError[], total: number) {
    super(status, code, message);
    this.rows = rows;
    this.total = total;
  }
}

export const listCodePools = (signal?: AbortSignal) => request<{ pools: CodePool[] }>("/api/code-pools", { signal });

export const createCodePool = (body: { key: string; name: string; low_stock_level: number }) =>
  request<{ pool: CodePool }>("/api/code-pools", { method: "POST", body });

export const updateCodePool = (key: string, body: { name?: string; low_stock_level?: number }) =>
  request<{ pool: CodePool }>(`/api/code-pools/${encodeURIComponent(key)}`, { method: "PATCH", body });

/** Upload a CSV file of codes (column `code`); all or nothing. */
export async function uploadCodes(key: string, file: Blob, name = "codes.csv"): Promise<UploadResult> {
  const form = new FormData();
  form.append("file", file, name);
  const headers: Record<string, string> = { Accept: "application/json" };
  const token = readCookie("csrf_token");
  if (token) {
    headers["X-CSRFToken"] = token;
  }
  const response = await fetch(`/api/code-pools/${encodeURIComponent(key)}/codes`, {
    method: "POST",
    headers,
    body: form,
    credentials: "same-origin",
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const errors = Array.isArray(body?.errors) ? (body.errors as RowError[]) : [];
    throw new UploadError(
      response.status,
      body?.error ?? "http_error",
      body?.message ?? `The server answered ${response.status}.`,
      errors,
      body?.error_count ?? errors.length,
    );
  }
  return body as UploadResult;
}

/** "Row 4: code 'X' repeats row 2 of the file"; a problem with the whole file has no row. */
export function describeRowError(error: RowError): string {
  return error.row ? `Row ${error.row}: ${error.message}` : error.message;
}

/** Stock state of a pool: the share left, and whether it is at or below its level. */
export function poolStock(pool: Pick<CodePool, "total" | "remaining" | "low_stock_level">): {
  percent: number;
  state: "empty" | "low" | "ok";
} {
  const percent = pool.total ? Math.round((pool.remaining / pool.total) * 100) : 0;
  if (pool.remaining === 0) {
    return { percent, state: "empty" };
  }
  return { percent, state: pool.remaining <= pool.low_stock_level ? "low" : "ok" };
}
