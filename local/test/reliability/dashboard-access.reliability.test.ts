// Finding 11 of issue 15: /dashboard and its data needed no token and ignored Host, so any local
// user (and a web page through DNS rebinding) could read every rollout. Now the banner's link sets a
// cookie from the token and redirects to a URL without it; the page and its data need that cookie
// (or a bearer token), and only a loopback Host on the platform's own port is answered.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HostilePlatform, startHostilePlatform } from './support/hostile-platform.ts';

let hp: HostilePlatform;
let base: string;

beforeAll(async () => {
  hp = await startHostilePlatform({
    dashboard: { html: () => '<html>rollouts</html>', data: async () => ({ models: 2 }) },
  });
  base = hp.platform.url;
});

afterAll(async () => {
  await hp?.stop();
});

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { headers, redirect: 'manual' });

/** What a browser sends back: the cookie's name=value, from the Set-Cookie answer. */
async function signIn(): Promise<{ cookie: string; setCookie: string; location: string | null }> {
  const response = await get(`/dashboard?token=${hp.platform.devToken}`);
  expect(response.status).toBe(303);
  const setCookie = response.headers.get('set-cookie') ?? '';
  return { cookie: setCookie.split(';')[0]!, setCookie, location: response.headers.get('location') };
}

describe('the dashboard', () => {
  it('refuses the page and its data without a token', async () => {
    const page = await get('/dashboard');
    const data = await get('/dashboard/data.json');

    expect([page.status, data.status]).toEqual([401, 401]);
    expect(await page.text()).not.toContain('rollouts');
    expect(await data.text()).not.toContain('models');
  });

  it('sets an HttpOnly, SameSite=Strict cookie from the banner link and redirects to a URL without the token', async () => {
    const { cookie, setCookie, location } = await signIn();

    const page = await get('/dashboard', { cookie });
    const data = await get('/dashboard/data.json', { cookie });

    expect(location).toBe('/dashboard');
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Path=\/dashboard/);
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<html>rollouts</html>');
    expect(await data.json()).toEqual({ models: 2 });
  });

  it('refuses a link with a bad token, and takes a bearer token instead of the cookie', async () => {
    const bad = await get('/dashboard?token=not-a-token');
    const bearer = await get('/dashboard/data.json', { authorization: `Bearer ${hp.platform.devToken}` });

    expect(bad.status).toBe(401);
    expect(bad.headers.get('set-cookie')).toBeNull();
    expect(bearer.status).toBe(200);
  });

  it.each([
    ['a rebinding name on the right port', (port: number) => `evil.example:${port}`],
    ['localhost on another port', (port: number) => `localhost:${port + 1}`],
    ['no port at all', () => '127.0.0.1'],
  ])('refuses %s as Host, even with the cookie', async (_name, hostOf) => {
    const { cookie } = await signIn();

    const page = await sendWithHost('/dashboard', hostOf(hp.platform.port), cookie);
    const data = await sendWithHost('/dashboard/data.json', hostOf(hp.platform.port), cookie);

    expect([page.status, data.status]).toEqual([403, 403]);
    expect(data.body).not.toContain('models');
  });

  it.each(['127.0.0.1', 'localhost', '[::1]'])('answers Host %s on its own port', async (name) => {
    const { cookie } = await signIn();

    const data = await sendWithHost('/dashboard/data.json', `${name}:${hp.platform.port}`, cookie);

    expect(data.status).toBe(200);
  });
});

/** fetch cannot set Host; a raw request can. */
async function sendWithHost(
  path: string,
  hostHeader: string,
  cookie: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: hp.platform.port, path, headers: { host: hostHeader, cookie } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}
