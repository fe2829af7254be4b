import type { ErrorRequestHandler, RequestHandler } from "express";
import type { z } from "zod";
import type { Logger } from "../logger.ts";

/**
 * An error the caller can act on. `code` is stable for programs; `message` is written for
 * the merchant or operator who reads it; `details` carry structured hints (which field,
 * which bound, what to do instead).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new HttpError(400, "bad_request", message, details);
export const unauthorized = (message: string) => new HttpError(401, "unauthorized", message);
export const notFound = (message = "Not found") => new HttpError(404, "not_found", message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new HttpError(409, "conflict", message, details);
export const unprocessable = (message: string, details?: Record<string, unknown>) =>
  new HttpError(422, "invalid", message, details);

/**
 * A request body that failed its zod schema, as the one 422 every route answers with: the
 * first problem, naming its field ("sendAt must be …", "Unknown field foo.").
 */
export function zodProblem(error: z.ZodError): HttpError {
  const issue = error.issues[0]!;
  const field = issue.path.join(".") || (issue.code === "unrecognized_keys" ? issue.keys.join(", ") : "body");
  const message = issue.code === "unrecognized_keys" ? `Unknown field ${issue.keys.join(", ")}.` : `${field} ${issue.message}.`;
  return unprocessable(message, { field });
}

/**
 * The database could not be reached or refused the write: nothing was changed, and the
 * caller (Shopify's retries, the merchant's next click) should simply try again.
 */
export class StorageUnavailableError extends HttpError {
  constructor(message = "The data could not be stored right now; nothing was changed. Please try again in a moment.", options?: { cause?: unknown }) {
    super(503, "storage_unavailable", message);
    if (options?.cause) this.cause = options.cause;
  }
}

/** Wraps an async handler so a rejected promise reaches the error handler. */
export function asyncHandler(fn: (...args: Parameters<RequestHandler>) => Promise<unknown>): RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}

interface BodyParserError {
  type?: string;
  status?: number;
  limit?: number;
}

/**
 * The one place that turns errors into HTTP answers. Never sends a stack trace: unknown
 * errors are logged with their stack and answered with a generic message.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof StorageUnavailableError) {
      logger.error({ err: error.cause ?? error, method: req.method, path: req.path }, "storage unavailable");
    }
    if (error instanceof HttpError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message, ...error.details } });
      return;
    }
    const bodyError = error as BodyParserError;
    if (bodyError?.type === "entity.too.large") {
      res.status(413).json({
        error: { code: "payload_too_large", message: `The request body is larger than the limit of ${bodyError.limit} bytes.` },
      });
      return;
    }
    if (bodyError?.type === "entity.parse.failed") {
      res.status(400).json({ error: { code: "bad_json", message: "The request body is not valid JSON." } });
      return;
    }
    if (bodyError?.status && bodyError.status >= 400 && bodyError.status < 500) {
      res.status(bodyError.status).json({ error: { code: "bad_request", message: (error as Error).message } });
      return;
    }
    logger.error({ err: error, method: req.method, path: req.path }, "unhandled error");
    res.status(500).json({ error: { code: "internal", message: "Something went wrong on our side. Please try again." } });
  };
}
