// Socket Mode for the fake (https://api.slack.com/apis/socket-mode), on the fake's own HTTP server.
//
// `apps.connections.open` (with the app-level token) hands out a one-time `ws://<fake>/socket?ticket=...`
// URL; the WebSocket upgrade on that path is answered here. On connect the app gets
// `{ type: 'hello', num_connections, debug_info, connection_info: { app_id } }`; envelopes
// (`{ envelope_id, type, payload, accepts_response_payload }`) go to the newest connection and wait
// for the app's `{ envelope_id, payload? }` ack. Client pings get pongs (and are counted); `disconnect(reason)` sends
// Slack's `{ type: 'disconnect', reason }` (the client then closes and reconnects). The fake sends no
// pings of its own, so @slack/socket-mode's server-ping watchdog never starts. The WebSocket
// protocol itself (framing, pong replies, close handshake) is the `ws` library's.

import { randomBytes, randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export type SocketModeEnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SocketModeAck {
  envelopeId: string;
  /** The ack's `payload` (`{}` when the app acked with nothing), undefined when it sent none. */
  payload: Record<string, unknown> | undefined;
}

export interface SocketModeSendOptions {
  /** Whether the app may answer in the ack; Slack says true for slash commands, false for interactions. */
  acceptsResponsePayload?: boolean;
  /** Like Slack, give up waiting for the ack after 3 s (rejects with a `TimeoutError`). */
  timeoutMs?: number;
}

export interface SlackFakeSocketMode {
  /** Open WebSocket connections (those that got their `hello`). */
  readonly connections: number;
  /** Connections accepted since the fake started, reconnections included. */
  readonly opened: number;
  /** WebSocket pings received from the app since the fake started, over every connection (each got its pong). */
  readonly pings: number;
  /** An envelope to the newest connection; resolves with the app's ack. Rejects when none is connected. */
  send(type: SocketModeEnvelopeType, payload: Record<string, unknown>, options?: SocketModeSendOptions): Promise<SocketModeAck>;
  /** Resolves once `count` connections are open (default 1). */
  waitForConnection(count?: number, timeoutMs?: number): Promise<void>;
  /** Slack's `{ type: 'disconnect', reason }` to every connection (`warning`, `refresh_requested`, `link_disabled`). */
  disconnect(reason?: string): void;
}

export interface SocketModeServer extends SlackFakeSocketMode {
  /** For `apps.connections.open`: a fresh one-time WebSocket URL. */
  issueUrl(): string;
  /** For the HTTP server's `upgrade` event; false when the path is not ours. */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): void;
}

const MAX_MESSAGE_BYTES = 1024 * 1024;
const TICKET_TTL_MS = 60_000;
const ACK_TIMEOUT_MS = 3000;

type Connection = WebSocket;

interface PendingAck {
  connection: Connection;
  resolve(ack: SocketModeAck): void;
  reject(error: Error): void;
}

export function createSocketMode(deps: { url(): string; appId: string; onChange(): void }): SocketModeServer {
  const tickets = new Map<string, number>();
  const connections: Connection[] = [];
  const pending = new Map<string, PendingAck>();
  const waiters = new Set<() => void>();
  let opened = 0;
  let pings = 0;

  const changed = (): void => {
    deps.onChange();
    for (const waiter of waiters) waiter();
  };

  const onMessage = (connection: Connection, text: string): void => {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    const envelopeId = (message as { envelope_id?: unknown } | null)?.envelope_id;
    const waiting = typeof envelopeId === 'string' ? pending.get(envelopeId) : undefined;
    if (!waiting || waiting.connection !== connection) return;
    pending.delete(envelopeId as string);
    const payload = (message as { payload?: unknown }).payload;
    waiting.resolve({
      envelopeId: envelopeId as string,
      payload: typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined,
    });
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const send = (connection: Connection, message: unknown): void => connection.send(JSON.stringify(message));

  const accept = (connection: Connection): void => {
    opened += 1;
    connections.push(connection);
    connection.on('message', (data, isBinary) => {
      if (!isBinary) onMessage(connection, data.toString());
    });
    connection.on('ping', () => {
      pings += 1; // `ws` answers with the pong itself
    });
    connection.on('error', () => connection.terminate());
    connection.on('close', () => {
      const index = connections.indexOf(connection);
      if (index < 0) return;
      connections.splice(index, 1);
      for (const [id, waiting] of pending) {
        if (waiting.connection !== connection) continue;
        pending.delete(id);
        waiting.reject(new Error('SlackFake: the Socket Mode connection closed before the ack'));
      }
      changed();
    });
    send(connection, {
      type: 'hello',
      num_connections: connections.length,
      debug_info: { host: 'applink-fake-1', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: deps.appId },
    });
    changed();
  };

  const live = (): Connection[] => connections.filter((c) => c.readyState === c.OPEN);

  return {
    get connections() {
      return live().length;
    },
    get opened() {
      return opened;
    },
    get pings() {
      return pings;
    },
    issueUrl() {
      const now = Date.now();
      for (const [ticket, expires] of tickets) if (expires < now) tickets.delete(ticket);
      const ticket = randomBytes(16).toString('hex');
      tickets.set(ticket, now + TICKET_TTL_MS);
      return `${deps.url().replace(/^http/, 'ws')}/socket?ticket=${ticket}&app_id=${deps.appId}`;
    },
    handleUpgrade(req, socket, head) {
      const target = new URL(req.url ?? '/', 'http://fake');
      if (target.pathname !== '/socket') return false;
      const ticket = target.searchParams.get('ticket') ?? '';
      const valid = (tickets.get(ticket) ?? 0) >= Date.now();
      tickets.delete(ticket); // one use, like Slack's
      if (!valid) socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      else wss.handleUpgrade(req, socket, head, accept);
      return true;
    },
    send(type, payload, options = {}) {
      const connection = live().at(-1);
      if (!connection) return Promise.reject(new Error('SlackFake: no Socket Mode connection'));
      const envelopeId = randomUUID();
      const timeoutMs = options.timeoutMs ?? ACK_TIMEOUT_MS;
      return new Promise<SocketModeAck>((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(envelopeId);
          reject(new DOMException(`SlackFake: no ack for ${type} envelope ${envelopeId} within ${timeoutMs} ms`, 'TimeoutError'));
        }, timeoutMs);
        const settle = () => clearTimeout(timer);
        pending.set(envelopeId, {
          connection,
          resolve: (ack) => (settle(), resolve(ack)),
          reject: (error) => (settle(), reject(error)),
        });
        send(connection, {
          envelope_id: envelopeId,
          type,
          payload,
          accepts_response_payload: options.acceptsResponsePayload ?? type === 'slash_commands',
          // Events carry Slack's retry count: 0, as the fake never retries.
          ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
        });
      });
    },
    waitForConnection(count = 1, timeoutMs = 5000) {
      return new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (live().length < count) return;
          done();
          resolve();
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`SlackFake: timed out after ${timeoutMs} ms waiting for ${count} Socket Mode connection(s)`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    disconnect(reason = 'refresh_requested') {
      for (const connection of live()) send(connection, { type: 'disconnect', reason, debug_info: { host: 'applink-fake-1' } });
    },
    close() {
      tickets.clear();
      for (const connection of [...connections]) connection.terminate();
      wss.close();
    },
  };
}
