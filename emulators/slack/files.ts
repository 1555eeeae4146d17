// Slack's external file upload: `files.getUploadURLExternal` (filename, length) hands out a file
// id and an upload URL on this server; the bytes are POSTed there (the length must match);
// `files.completeUploadExternal` shares the uploaded files in a channel (or a DM) as one message.
// Content is kept in memory, for the console's download link and tests; a file past
// MAX_FILE_BYTES is refused up front.

import type http from 'node:http';
import type { SlackArgs, Reply } from './web-api.js';

export interface FakeFile {
  id: string;
  name: string;
  title: string;
  /** The length announced in files.getUploadURLExternal. */
  length: number;
  /** The bytes POSTed to the upload URL, once they came whole. */
  content?: Buffer;
  /** Where files.completeUploadExternal shared it. */
  channel?: string;
}

/** A shared file as a message shows it: what the console needs to list and download it. */
export interface SharedFile {
  id: string;
  name: string;
  title: string;
  size: number;
  url_private: string;
}

const MAX_FILE_BYTES = 100 * 1024 * 1024;

export interface FakeFiles {
  getUploadUrl(args: SlackArgs): Reply;
  /** `POST /upload/<id>`: takes the bytes, answers 200 `OK - <length>` like Slack, or 4xx. */
  receive(id: string, req: http.IncomingMessage, res: http.ServerResponse): void;
  complete(args: SlackArgs, channelOf: (channel: string) => string): Reply;
  /** `GET /files/<id>/<name>`: the content, to download. */
  serve(id: string, res: http.ServerResponse): void;
  get(id: string): FakeFile | undefined;
}

export function createFiles(deps: { baseUrl(): string; nextId(prefix: string): string }): FakeFiles {
  const files = new Map<string, FakeFile>();
  const shared = (file: FakeFile): SharedFile => ({
    id: file.id,
    name: file.name,
    title: file.title,
    size: file.content?.length ?? 0,
    url_private: `${deps.baseUrl()}/files/${file.id}/${encodeURIComponent(file.name)}`,
  });

  return {
    getUploadUrl(args) {
      const filename = typeof args.filename === 'string' ? args.filename : '';
      const length = Number(args.length);
      if (!filename) return { ok: false, error: 'invalid_arguments' };
      if (!Number.isInteger(length) || length < 1) return { ok: false, error: 'invalid_arguments' };
      if (length > MAX_FILE_BYTES) return { ok: false, error: 'file_too_large' };
      const id = deps.nextId('F');
      files.set(id, { id, name: filename, title: filename, length });
      return { ok: true, upload_url: `${deps.baseUrl()}/upload/${id}`, file_id: id };
    },
    receive(id, req, res) {
      const file = files.get(id);
      const answer = (status: number, text: string) => {
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(text);
      };
      if (!file || file.content) {
        req.resume();
        return answer(404, 'no such upload');
      }
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= file.length) chunks.push(chunk);
      });
      req.on('end', () => {
        if (size !== file.length) return answer(400, `length mismatch: announced ${file.length} bytes, received ${size}`);
        file.content = Buffer.concat(chunks);
        answer(200, `OK - ${size}`);
      });
      req.on('error', () => res.destroy());
    },
    complete(args, channelOf) {
      const list = Array.isArray(args.files) ? (args.files as Array<Record<string, unknown>>) : [];
      if (list.length === 0) return { ok: false, error: 'invalid_arguments' };
      const found: FakeFile[] = [];
      for (const entry of list) {
        const file = files.get(String(entry.id));
        if (!file?.content) return { ok: false, error: 'file_not_found' };
        if (typeof entry.title === 'string' && entry.title) file.title = entry.title;
        found.push(file);
      }
      const channel = typeof args.channel_id === 'string' && args.channel_id ? channelOf(args.channel_id) : undefined;
      for (const file of found) file.channel = channel;
      return { ok: true, files: found.map(shared), ...(channel ? { channel } : {}) };
    },
    serve(id, res) {
      const content = files.get(id)?.content;
      if (!content) {
        res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('file_not_found');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': content.length, 'content-disposition': 'attachment', 'x-content-type-options': 'nosniff' });
      res.end(content);
    },
    get: (id) => files.get(id),
  };
}
