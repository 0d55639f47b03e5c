import { Alert } from "antd";
import { ApiError } from "../api/client";

function describe(error: unknown): { message: string; details: string[] } {
  if (error instanceof ApiError) {
    const details = error.errors.map((e) =>
      [e.index !== undefined ? `#${e.index}` : null, e.field, e.message].filter(Boolean).join(": "),
    );
    return { message: error.message, details };
  }
  if (error instanceof Error) {
    return { message: error.message, details: [] };
  }
  return { message: "Something went wrong.", details: [] };
}

/** The server's own error message (and field problems, if any) in an alert. */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  const { message, details } = describe(error);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      message={title ?? message}
      description={
        title || details.length ? (
          <>
            {title ? <div>{message}</div> : null}
            {details.length ? (
              <ul className="error-details">
                {details.map((d) => (
                  <li key={d}>{d}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : undefined
      }
    />
  );
}
