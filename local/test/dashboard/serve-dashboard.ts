// A tiny stand-in for the platform's HTTP server: serves the page and whatever data the test sets.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DashboardPageOptions, dashboardHtml } from '../../src/dashboard/page.ts';

/** A status and body, or 'hang' for a server that accepts the request and never answers. */
export type DataResponse = { readonly status: number; readonly body: string } | 'hang';

export interface DashboardServer {
  readonly url: string;
  /** What `/dashboard/data.json` answers from now on. */
  respond(response: DataResponse): void;
  /** How many times the page asked for data. */
  dataRequests(): number;
  close(): Promise<void>;
}

export async function serveDashboard(initial: DataResponse, page?: DashboardPageOptions): Promise<DashboardServer> {
  let current = initial;
  let requests = 0;
  const html = dashboardHtml(page);
  const server: Server = createServer((req, res) => {
    if (req.url === '/dashboard') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    } else if (req.url === '/dashboard/data.json') {
      requests++;
      if (current !== 'hang') res.writeHead(current.status, { 'content-type': 'application/json' }).end(current.body);
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/dashboard`,
    respond: (response) => {
      current = response;
    },
    dataRequests: () => requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
