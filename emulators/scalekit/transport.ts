// One local port for both ways the SDK talks: HTTP/1.1 (the token endpoint, and the portal for
// browsers) and gRPC over HTTP/2 cleartext. Each accepted socket is routed by sniffing the HTTP/2
// client preface (`PRI * HTTP/2.0`): h2 sockets go to an http2 server, the rest to an http/1 one.

import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { Duplex } from 'node:stream';

const H2_PREFACE = Buffer.from('PRI * HTTP/2.0');

export interface OnePortServer {
  port: number;
  /** Stops listening and destroys open connections. */
  close(): Promise<void>;
}

export async function listenOnOnePort(
  port: number,
  http1Handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
  h2Handler: (req: http2.Http2ServerRequest, res: http2.Http2ServerResponse) => void,
): Promise<OnePortServer> {
  const http1 = http.createServer((req, res) => {
    http1Handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  const h2 = http2.createServer((req, res) => h2Handler(req, res));

  const sockets = new Set<net.Socket>();
  const tcp = net.createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const n = Math.min(head.length, H2_PREFACE.length);
      const isH2Prefix = head.subarray(0, n).equals(H2_PREFACE.subarray(0, n));
      if (isH2Prefix && head.length < H2_PREFACE.length) return; // need more bytes to decide
      socket.off('data', onData);
      if (isH2Prefix) {
        // nghttp2 reads straight from the native handle, so bytes already read here would be
        // lost: hand the http2 server a JS duplex that replays them, then relays the socket.
        h2.emit('connection', replayingDuplex(socket, head));
      } else {
        socket.pause();
        socket.unshift(head);
        http1.emit('connection', socket);
        socket.resume();
      }
    };
    socket.on('data', onData);
  });

  await new Promise<void>((resolve, reject) => {
    tcp.once('error', reject);
    tcp.listen(port, '127.0.0.1', () => resolve());
  });

  let closed: Promise<void> | null = null;
  return {
    port: (tcp.address() as net.AddressInfo).port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        tcp.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        http1.close();
        h2.close();
      });
      return closed;
    },
  };
}

/** A duplex over `socket` whose readable side starts with `head`. */
function replayingDuplex(socket: net.Socket, head: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(error, callback) {
      socket.destroy();
      callback(error);
    },
  });
  duplex.push(head);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('close', () => duplex.destroy());
  return duplex;
}
