/** The two calls behind "Cancel all pending invitations" (R2), shared by every page that offers it. */
import type { ApiClient } from "./client.ts";
import type { Summary } from "./types.ts";

/** How many invitations are queued right now (read fresh when the modal opens). */
export async function loadQueuedCount(api: ApiClient): Promise<number> {
  return (await api.get<Summary>("/api/invitations/summary")).counts.queued ?? 0;
}

/** Cancels every queued invitation of the shop; resolves with how many. */
export async function cancelAllPending(api: ApiClient): Promise<number> {
  return (await api.post<{ canceled: number }>("/api/invitations/cancel-pending", { confirm: true })).canceled;
}
