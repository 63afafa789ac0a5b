import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { api, ApiError, type Problem, setBearerSource, setUnauthenticatedHandler } from './api';

/** What the service tells the console (`/console/config.json`, libs/runtime http/console.ts). */
export interface ConsoleSettings {
  authority: 'GZ' | 'HK' | 'MO';
  mode: 'development' | 'production';
  oidc: { issuer: string; clientId: string; scope: string } | null;
}

/** The signed-in officer, from the token's claims (the API verifies the token itself). */
export interface Session {
  token: string;
  sub: string;
  authority: string;
  roles: string[];
  expiresAt: number;
}

const KEY = 'gba.officer-console.session';

function claimsOf(token: string): Omit<Session, 'token'> {
  const payload = token.split('.')[1] ?? '';
  const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
  const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0))));
  return {
    sub: String(claims.sub ?? ''),
    authority: String(claims.authority ?? ''),
    roles: Array.isArray(claims.roles) ? claims.roles.map(String) : [],
    expiresAt: Number(claims.exp ?? 0) * 1000,
  };
}

let current: Session | null = null;

/** The session of this tab (sessionStorage: gone when the tab closes), or null when expired. */
export function session(): Session | null {
  if (!current) {
    const stored = sessionStorage.getItem(KEY);
    current = stored ? (JSON.parse(stored) as Session) : null;
  }
  if (current && current.expiresAt <= Date.now()) signOutLocally();
  return current;
}

setBearerSource(() => session()?.token ?? null);

const ended = new Set<() => void>();

/** Calls `listener` whenever the session ends without the officer signing out (a 401); returns the unsubscribe. */
export function onSessionEnded(listener: () => void): () => void {
  ended.add(listener);
  return () => ended.delete(listener);
}

setUnauthenticatedHandler(() => {
  signOutLocally();
  for (const listener of ended) listener();
});

function start(token: string): Session {
  current = { token, ...claimsOf(token) };
  sessionStorage.setItem(KEY, JSON.stringify(current));
  return current;
}

function signOutLocally(): void {
  current = null;
  sessionStorage.removeItem(KEY);
}

export async function loadSettings(): Promise<ConsoleSettings> {
  const res = await fetch('/console/config.json', { cache: 'no-store' });
  return (await res.json()) as ConsoleSettings;
}

/** Development mode: a token from `POST /console/dev-token` (absent outside development). */
export async function developmentSignIn(authority: string, roles: string[], sub: string): Promise<Session> {
  const res = await fetch('/console/dev-token', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ authority, roles, ...(sub ? { sub } : {}) }),
  });
  const body = (await res.json().catch(() => ({}))) as { accessToken?: string } & Partial<Problem>;
  if (!res.ok || !body.accessToken) throw new ApiError({ ...body, status: res.status });
  return start(body.accessToken);
}

function userManager(settings: ConsoleSettings): UserManager {
  const oidc = settings.oidc;
  if (!oidc) throw new Error('no OpenID Connect issuer is configured');
  return new UserManager({
    authority: oidc.issuer,
    client_id: oidc.clientId,
    scope: oidc.scope,
    // Authorization Code flow; oidc-client-ts adds PKCE (S256) to every code request.
    response_type: 'code',
    redirect_uri: `${location.origin}/console/callback`,
    post_logout_redirect_uri: `${location.origin}/console/`,
    userStore: new WebStorageStateStore({ store: sessionStorage }),
  });
}

/** Production: to the identity provider's sign-in page (Authorization Code with PKCE). */
export function oidcSignIn(settings: ConsoleSettings): Promise<void> {
  return userManager(settings).signinRedirect();
}

/** Production: back from the identity provider; the access token is the officer token. */
export async function oidcCallback(settings: ConsoleSettings): Promise<Session> {
  const user = await userManager(settings).signinRedirectCallback();
  return start(user.access_token);
}

export async function signOut(settings: ConsoleSettings | null): Promise<void> {
  signOutLocally();
  if (settings?.mode === 'production' && settings.oidc) await userManager(settings).removeUser();
}

export { api };
