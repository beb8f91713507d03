/**
 * A real OpenID Connect provider on a spare local port, for sign-in tests: the `oidc-provider` package (the
 * certified Node implementation), with its development login and consent forms (any login name signs in as that
 * account, any password) and one confidential client. Each account's claims are the test's: the role claim a
 * test gives an account is in its userinfo (scope `profile`), as an identity provider's claim mapping would put it.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Provider from "oidc-provider";

/** A running provider. */
export interface LocalOidcProvider {
  /** Its issuer URL, `http://127.0.0.1:<port>`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  close(): Promise<void>;
}

/** Options of {@link startOidcProvider}. */
export interface OidcProviderOptions {
  /** The claims of each account, by login name (`sub`); a login not listed has only `sub` and `preferred_username`. */
  accounts: Record<string, Record<string, unknown>>;
  /** The claim the test maps to roles, released with scope `profile`; default `pulse_role`. */
  roleClaim?: string;
  clientId?: string;
  clientSecret?: string;
  /** The client's redirect path on the loopback address, any port (a native client's loopback rule): default Pulse's. */
  redirectPath?: string;
}

/** Starts a provider on 127.0.0.1 and a spare port. */
export async function startOidcProvider(options: OidcProviderOptions): Promise<LocalOidcProvider> {
  const clientId = options.clientId ?? "pulse-test";
  const clientSecret = options.clientSecret ?? "pulse-test-client-secret-0123456789";
  const roleClaim = options.roleClaim ?? "pulse_role";
  // The port first: the issuer names it.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        // Native: a loopback redirect matches on any port (RFC 8252), so the client need not know Pulse's port.
        application_type: "native",
        redirect_uris: [`http://127.0.0.1${options.redirectPath ?? "/api/staff/oidc/callback"}`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: { openid: ["sub"], profile: ["name", "preferred_username", roleClaim] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, preferred_username: sub, ...options.accounts[sub] }),
    }),
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    // Short-lived test keys are generated in memory; quiet the development warnings.
    cookies: { keys: ["pulse-test-cookie-key"] },
  });
  server.on("request", provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
