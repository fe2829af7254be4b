/**
 * Token exchange: the merchant's session token (an OpenID Connect ID token) traded for the
 * shop's offline Admin API access token. Same request as @shopify/shopify-api's
 * `auth.tokenExchange`, written out so the origin can point at a local fake Admin API in
 * tests (the library always calls https://{shop}).
 */
import { AdminApiError } from "./errors.ts";

const GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";

export interface ExchangedToken {
  accessToken: string;
  scope: string | undefined;
  /** Set only for expiring offline tokens. */
  expiresAt: Date | undefined;
}

export async function exchangeForOfflineToken(options: {
  origin: string;
  apiKey: string;
  apiSecret: string;
  sessionToken: string;
  fetch?: typeof fetch;
  now?: Date;
}): Promise<ExchangedToken> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${options.origin}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        client_id: options.apiKey,
        client_secret: options.apiSecret,
        grant_type: GRANT_TYPE,
        subject_token: options.sessionToken,
        subject_token_type: ID_TOKEN_TYPE,
        requested_token_type: OFFLINE_TOKEN_TYPE,
      }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new AdminApiError("unavailable", "Shopify could not be reached to authorise the app.", { cause: error });
  }
  const body = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    scope?: string;
    expires_in?: number;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.access_token) {
    // 400 invalid_subject_token: the session token was refused; 401/403: the app is not
    // installed or its credentials are wrong. Neither is fixed by retrying.
    const retriable = response.status >= 500 || response.status === 429;
    throw new AdminApiError(
      retriable ? "unavailable" : "not_authorised",
      retriable
        ? "Shopify did not authorise the app right now; try again in a moment."
        : "Shopify refused to give this app access to the store's orders. Open the app from the Shopify admin again; if that does not help, reinstall it.",
      { status: response.status, reason: body.error },
    );
  }
  const now = options.now ?? new Date();
  return {
    accessToken: body.access_token,
    scope: body.scope,
    expiresAt: body.expires_in ? new Date(now.getTime() + body.expires_in * 1000) : undefined,
  };
}
