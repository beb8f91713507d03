/**
 * Staff sign-in through OpenID Connect (optional: `OIDC_ISSUER`, `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`): the
 * authorization code flow with PKCE, state and nonce, with openid-client (v6, function-based). The role comes from
 * one claim (`OIDC_ROLE_CLAIM`, default `pulse_role`), read from the ID token, else from userinfo; its value must
 * be one of the staff roles, or the sign-in is refused with a message that says so. No account is stored: the
 * session names the provider's user, and the audit log records `oidc:<preferred_username or sub>`.
 */
import * as oidc from "openid-client";
import { STAFF_ROLES, type StaffRole } from "@pulse/shared";
import type { Logger } from "pino";

/** What the console's round trip through the provider carries from the redirect to the callback. */
export interface OidcFlow {
  state: string;
  verifier: string;
  nonce: string;
  redirectUri: string;
}

/** Who signed in. */
export interface OidcIdentity {
  role: StaffRole;
  /** The provider's username (`preferred_username`), else the subject: what the audit log names. */
  username: string;
  /** A display name: `name`, else the username. */
  name: string;
}

/** A sign-in the provider or Pulse refused, with a message for the person signing in. */
export class OidcRefusal extends Error {
  override name = "OidcRefusal";
}

/** The path of the callback, on this server. */
export const OIDC_CALLBACK_PATH = "/api/staff/oidc/callback";

/** Options of an {@link OidcSignIn}. */
export interface OidcSignInOptions {
  issuer: string;
  clientId: string;
  clientSecret?: string | undefined;
  roleClaim: string;
  /** The callback URL registered at the provider; undefined: the request's origin + {@link OIDC_CALLBACK_PATH}. */
  redirectUri?: string | undefined;
  logger?: Logger;
}

/** The OpenID Connect sign-in: see the module comment. */
export class OidcSignIn {
  readonly #options: OidcSignInOptions;
  /** The provider's metadata, discovered at the first sign-in (not at start: the provider may be down then). */
  #config: Promise<oidc.Configuration> | undefined;

  constructor(options: OidcSignInOptions) {
    this.#options = options;
  }

  /** The provider's configuration, discovered once; a failed discovery is tried again at the next sign-in. */
  #configuration(): Promise<oidc.Configuration> {
    const { issuer, clientId, clientSecret } = this.#options;
    const url = new URL(issuer);
    this.#config ??= oidc
      // Plain http only for an http issuer (a provider on the loopback, in tests and development).
      .discovery(url, clientId, clientSecret, undefined, url.protocol === "http:" ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        this.#config = undefined;
        this.#options.logger?.warn({ err, issuer }, "OIDC: discovery failed");
        throw new OidcRefusal(`the sign-in provider ${issuer} cannot be reached; try again later`);
      });
    return this.#config;
  }

  /** The provider's authorization URL for a new sign-in, and the flow to keep until the callback. */
  async start(origin: string): Promise<{ url: URL; flow: OidcFlow }> {
    const config = await this.#configuration();
    const verifier = oidc.randomPKCECodeVerifier();
    const flow: OidcFlow = {
      state: oidc.randomState(),
      nonce: oidc.randomNonce(),
      verifier,
      redirectUri: this.#options.redirectUri ?? `${origin}${OIDC_CALLBACK_PATH}`,
    };
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: flow.redirectUri,
      scope: "openid profile",
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: "S256",
      state: flow.state,
      nonce: flow.nonce,
    });
    return { url, flow };
  }

  /** Completes a sign-in at the callback URL: the identity, or an {@link OidcRefusal} that says why not. */
  async finish(callbackUrl: URL, flow: OidcFlow): Promise<OidcIdentity> {
    const config = await this.#configuration();
    // The callback's own URL, on the registered redirect URI (a proxy may have rewritten the host).
    const current = new URL(flow.redirectUri);
    current.search = callbackUrl.search;
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(config, current, {
        pkceCodeVerifier: flow.verifier,
        expectedState: flow.state,
        expectedNonce: flow.nonce,
        idTokenExpected: true,
      });
    } catch (err) {
      this.#options.logger?.warn({ err }, "OIDC: the code exchange failed");
      // openid-client wraps the protocol error (a state that does not match, say) as its `cause`: that says why.
      const cause = (err as { cause?: unknown }).cause;
      const detail =
        err instanceof oidc.AuthorizationResponseError
          ? `${err.error}${err.error_description ? `: ${err.error_description}` : ""}`
          : cause instanceof Error
            ? cause.message
            : (err as Error).message;
      throw new OidcRefusal(`the sign-in failed (${detail}); try again`);
    }
    let claims: Record<string, unknown> = { ...tokens.claims() };
    const { roleClaim } = this.#options;
    if (claims[roleClaim] === undefined) {
      // Many providers release profile claims through userinfo only.
      claims = { ...(await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub))), ...claims };
    }
    const role = STAFF_ROLES.find((r) => r === claims[roleClaim]);
    const username = typeof claims.preferred_username === "string" && claims.preferred_username ? claims.preferred_username : String(claims.sub);
    if (!role) {
      const value = claims[roleClaim];
      const why = value === undefined ? `has no claim ${JSON.stringify(roleClaim)}` : `has ${roleClaim}=${JSON.stringify(value)}`;
      throw new OidcRefusal(`${username} ${why}; ask an admin to give it one of the roles ${STAFF_ROLES.join(", ")}`);
    }
    const name = typeof claims.name === "string" && claims.name.trim() ? claims.name : username;
    return { role, username, name };
  }
}
