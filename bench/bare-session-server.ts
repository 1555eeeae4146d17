// The baseline for /session: a bare node:http server that mints a Scalekit portal link per
// request through the same SDK, with nothing else (no token lookup, audit, limits or headers).
import { ScalekitClient } from '@scalekit-sdk/node';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const scalekit = new ScalekitClient(
  process.env.SCALEKIT_ENVIRONMENT_URL as string,
  process.env.SCALEKIT_CLIENT_ID as string,
  process.env.SCALEKIT_CLIENT_SECRET as string,
);
const orgId = process.env.BENCH_ORG_ID as string;

const server = createServer((req, res) => {
  req.resume();
  scalekit.organization.generatePortalLink(orgId).then(
    (link) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ location: link.location }));
    },
    () => {
      res.writeHead(503).end();
    },
  );
});
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
