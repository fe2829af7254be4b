/**
 * The admin API seen from a page: the one fetch both the admin page and the order block
 * make, and the error shape they read the same way.
 * The server answers every failure as `{ error: { code, message, ...details } }`
 * (web/server/http/errors.ts); the message is written for the merchant and shown as is,
 * `details` carries what a page needs to point at the problem (the field, the allowed values).
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** What a page shows when the request never reached the app. */
export function networkError(): ApiError {
  return new ApiError(0, "network", "The app could not be reached. Check your connection and try again.");
}

/** The ApiError a failed response's body describes; a body that isn't ours still gives a usable message. */
export function apiErrorFromBody(status: number, text: string): ApiError {
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const error = (json as { error?: { code?: string; message?: string } & Record<string, unknown> } | null)?.error;
  const { code, message, ...details } = error ?? {};
  return new ApiError(
    status,
    code ?? `http_${status}`,
    message ?? `The request failed (${status}). Please try again.`,
    details,
  );
}

/** Sends JSON and reads JSON; a failure becomes an ApiError. Both clients build on this. */
export async function sendJson(
  fetchImpl: typeof fetch,
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
  /** Sent as is instead of a JSON body (a file the merchant uploads, e.g. a CSV). */
  raw?: { contentType: string; text: string },
): Promise<Response> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method,
      headers: {
        Accept: "application/json",
        ...headers,
        ...(raw ? { "Content-Type": raw.contentType } : body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: raw ? raw.text : body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw networkError();
  }
  if (!response.ok) throw apiErrorFromBody(response.status, await response.text());
  return response;
}

/** The JSON body of a successful response; an empty body is null. */
export async function readJson<T>(response: Response): Promise<T> {
  const text = await response.text();
  return (text ? JSON.parse(text) : null) as T;
}
